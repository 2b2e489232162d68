namespace Enrichment.Contracts;

/// <summary>
/// Published by the workers when an incident changed: one event per incident per <c>INCIDENT_UPDATE_DELAY</c>, gathering
/// what changed meanwhile, so a storm of forty alerts is one message rather than forty. Notifiers deliver it as its own
/// event type (Slack: one message per incident change; webhooks: a body with <c>event</c> and no <c>alert</c>).
/// </summary>
public sealed record IncidentUpdated
{
    /// <summary>The most telling change: <c>opened</c>, <c>root_changed</c>, <c>grown</c> or <c>resolved</c>.</summary>
    public required string Event { get; init; }

    /// <summary>Every kind of change since the last update, in the order above.</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    public required IncidentData Incident { get; init; }

    /// <summary>Increases with every update of one incident: a receiver can drop an older update that arrives late.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
