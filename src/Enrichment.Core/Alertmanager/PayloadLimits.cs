using Enrichment.Contracts;

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

/// <summary>What is wrong with a payload: the JSON path of the field and why.</summary>
public sealed record PayloadError(string Field, string Detail);

/// <summary>One refused alert of a request: its position in the request and what is wrong with it.</summary>
public sealed record RefusedAlert(int Index, PayloadError Error);

/// <summary>
/// What a request carried. Like Alertmanager, a request with some invalid alerts still delivers its valid
/// ones: <see cref="Alerts"/> holds those, <see cref="Refused"/> names the others. A request that cannot be read
/// at all (not JSON, not the right shape, over a request-wide limit) has a <see cref="RequestError"/> and no alerts.
/// </summary>
public sealed record PayloadParseResult
{
    public IReadOnlyList<AlertData> Alerts { get; init; } = [];

    public IReadOnlyList<RefusedAlert> Refused { get; init; } = [];

    public PayloadError? RequestError { get; init; }

    /// <summary>The webhook's <c>groupKey</c>: the Alertmanager notification the alerts came in.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Every alert of the request is valid.</summary>
    public bool IsValid => RequestError is null && Refused.Count == 0;

    /// <summary>The first problem found, if any.</summary>
    public PayloadError? Error => RequestError ?? (Refused.Count > 0 ? Refused[0].Error : null);

    public static PayloadParseResult Invalid(string field, string detail) => new() { RequestError = new PayloadError(field, detail) };
}
