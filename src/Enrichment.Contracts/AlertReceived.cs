namespace Enrichment.Contracts;

/// <summary>
/// One alert per message: what gateways before <see cref="AlertsReceived"/> sent. Workers still consume
/// it, so that alerts queued by an older gateway during a rolling upgrade are enriched.
/// </summary>
public sealed record AlertReceived
{
    public required AlertData Alert { get; init; }

    /// <summary>When the gateway received the request that carried the alert.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The ingest route: <c>webhook</c> or <c>api_v2</c>.</summary>
    public required string Route { get; init; }
}
