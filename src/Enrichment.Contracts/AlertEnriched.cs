namespace Enrichment.Contracts;

/// <summary>
/// The enriched event: what the workers publish and what webhook notifiers POST (see the contract).
/// </summary>
public sealed record AlertEnriched
{
    public required AlertData Alert { get; init; }

    /// <summary><c>transparent</c>, <c>enriched</c> or <c>transparent_with_recommendations</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Null in <c>transparent</c> mode.</summary>
    public ClassificationData? Classification { get; init; }

    /// <summary>What the service has seen of this alert's signature before; null when history is off or unavailable.</summary>
    public HistoryData? History { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset EnrichedAt { get; init; }

    /// <summary>The incident this alert belongs to; null when incidents are off or their store did not answer.</summary>
    public IncidentRef? Incident { get; init; }
}
