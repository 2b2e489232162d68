namespace Enrichment.Contracts;

/// <summary>
/// A best-effort copy of enriched events for people watching (the gateway's console), never a delivery path.
/// <para>
/// Workers publish it on its own exchange, without the <c>mandatory</c> flag, after the events themselves were confirmed.
/// The console does not bind to <see cref="AlertEnriched"/>'s exchange because a queue bound there would make every event
/// routable: with no notifier target declared, a worker's mandatory publish would then be confirmed instead of returned,
/// and the events would reach the console alone.
/// </para>
/// </summary>
public sealed record EnrichedEventsCopy
{
    public required IReadOnlyList<AlertEnriched> Events { get; init; }
}
