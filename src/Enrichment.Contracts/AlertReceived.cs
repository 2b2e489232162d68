namespace Enrichment.Contracts;

/// <summary>
/// Published by the gateway once per accepted alert; consumed in batches by the workers.
/// </summary>
public sealed record AlertReceived
{
    public required AlertData Alert { get; init; }

    /// <summary>When the gateway received the request that carried the alert.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The ingest route: <c>webhook</c> or <c>api_v2</c>.</summary>
    public required string Route { get; init; }
}
