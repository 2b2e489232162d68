namespace Enrichment.Contracts;

/// <summary>
/// What a worker publishes for one slice of a batch: the enriched event of every alert in it, in the order the alerts
/// came. One message per slice rather than per alert, because the broker message, its envelope, its confirm and the
/// notifier's consume pipeline cost per message: per alert they were most of the service's CPU (docs/PERFORMANCE.md).
/// <para>
/// Only the bus carries batches. Every notifier target still receives one <see cref="AlertEnriched"/> per alert unless
/// it opts in to batches (<c>NOTIFIER_WEBHOOK_BATCH_SIZE</c>). Each target reads these from its own queue,
/// <c>&lt;target queue&gt;-batches</c>; the target's queue of the earlier releases keeps taking single events (from workers
/// not yet upgraded, and re-driven ones) and incident updates, so a rolling upgrade in either order loses nothing.
/// </para>
/// </summary>
public sealed record AlertsEnriched
{
    public required IReadOnlyList<AlertEnriched> Events { get; init; }
}
