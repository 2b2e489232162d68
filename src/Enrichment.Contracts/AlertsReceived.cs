namespace Enrichment.Contracts;

/// <summary>
/// Published by the gateway for the alerts of one ingest request, up to
/// <c>GATEWAY_ALERTS_PER_MESSAGE</c> alerts per message (a larger request becomes several). One
/// message per request rather than per alert: the broker, the serialiser and the consume pipeline
/// then cost per request, not per alert (see docs/PERFORMANCE.md). Workers still classify and publish
/// every alert on its own: one <see cref="AlertEnriched"/> per alert, and one bad alert never fails
/// the others.
/// </summary>
public sealed record AlertsReceived
{
    public required IReadOnlyList<AlertData> Alerts { get; init; }

    /// <summary>When the gateway received the request that carried the alerts.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The ingest route: <c>webhook</c> or <c>api_v2</c>.</summary>
    public required string Route { get; init; }

    /// <summary>
    /// The Alertmanager notification's <c>groupKey</c> (webhook only): its alerts are candidates for one incident. Null
    /// from <c>/api/v2/alerts</c> and from gateways that did not carry it.
    /// </summary>
    public string? GroupKey { get; init; }
}
