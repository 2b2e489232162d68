using Enrichment.Contracts;

namespace Enrichment.Core.Alertmanager;

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
