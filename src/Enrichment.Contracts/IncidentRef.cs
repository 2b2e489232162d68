namespace Enrichment.Contracts;

/// <summary>
/// The incident an alert belongs to, as its enriched event carries it (<c>incident</c>). The id is kept while the alert
/// fires; the role is decided when the alert first fires and kept while it fires too, so that what a notifier derives from
/// it (Alertmanager's <c>ai_incident_role</c> label) never changes under a firing alert. The incident's current root is in
/// <see cref="IncidentUpdated"/> and on <c>GET /api/v1/incidents/{id}</c>.
/// </summary>
public sealed record IncidentRef
{
    public required string Id { get; init; }

    /// <summary><c>root</c>, <c>symptom</c> (explained by the root) or <c>member</c> (grouped with it by scope, not explained).</summary>
    public required string Role { get; init; }

    /// <summary>Alerts that have joined the incident so far, this one included.</summary>
    public required int Size { get; init; }
}
