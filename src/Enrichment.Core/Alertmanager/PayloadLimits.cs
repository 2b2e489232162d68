namespace Enrichment.Core.Alertmanager;

/// <summary>
/// Bounds that protect the service (docs/SECURITY.md). Past the request-wide ones (alerts per request,
/// JSON depth; body bytes are checked before parsing) the request is refused whole; past the per-alert ones
/// (entries per label or annotation map, name and value length) that alert is refused and the others go on.
/// </summary>
public sealed record PayloadLimits
{
    public int MaxAlertsPerRequest { get; init; } = 5000;

    /// <summary>Entries in one alert's labels, and in its annotations.</summary>
    public int MaxLabelsPerAlert { get; init; } = 128;

    /// <summary>Characters in one label or annotation name or value, <c>generatorURL</c>, <c>status</c> or <c>fingerprint</c>.</summary>
    public int MaxValueLength { get; init; } = 16 * 1024;

    public int MaxDepth { get; init; } = 16;
}
