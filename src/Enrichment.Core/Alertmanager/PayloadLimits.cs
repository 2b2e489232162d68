namespace Enrichment.Core.Alertmanager;

/// <summary>Bounds on one ingest request; past them the request is refused whole with a 4xx.</summary>
public sealed record PayloadLimits
{
    public int MaxAlertsPerRequest { get; init; } = 5000;

    public int MaxLabelsPerAlert { get; init; } = 128;

    /// <summary>Characters in one label name or value, or one annotation value.</summary>
    public int MaxValueLength { get; init; } = 16 * 1024;

    public int MaxDepth { get; init; } = 16;
}

/// <summary>What is wrong with a payload: the JSON path of the field and why.</summary>
public sealed record PayloadError(string Field, string Detail);

/// <summary>Either every alert of a request, or the first error found: a request is accepted or refused whole.</summary>
public sealed record PayloadParseResult(IReadOnlyList<Enrichment.Contracts.AlertData> Alerts, PayloadError? Error)
{
    public bool IsValid => Error is null;

    public static PayloadParseResult Invalid(string field, string detail) => new([], new PayloadError(field, detail));
}
