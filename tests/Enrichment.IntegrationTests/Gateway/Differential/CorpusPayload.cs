namespace Enrichment.IntegrationTests.Gateway.Differential;

/// <summary>Why the gateway may answer a payload differently from Alertmanager, and nothing else may.</summary>
public enum Deviation
{
    None,

    /// <summary>(a) A documented limit of the gateway (docs/SECURITY.md): the gateway refuses, Alertmanager takes it.</summary>
    Limit,

    /// <summary>(b) Invalid by the OpenAPI spec, RFC 8259 or RFC 3339; only Go's lenient decoder takes it (docs/ALERTMANAGER.md).</summary>
    GoLenient,

    /// <summary>Alertmanager's handler panics and closes the connection unanswered (a <c>null</c> alert); the gateway answers 400.</summary>
    AlertmanagerNoAnswer,
}

/// <summary>One alert of a generated payload, with what the generator knows about it.</summary>
public sealed record CorpusAlert
{
    /// <summary>The alert's JSON text as it stands in the payload.</summary>
    public required string Text { get; init; }

    /// <summary>The <c>dt_case</c> label, when the alert carries one both sides can read.</summary>
    public string? CaseId { get; init; }

    /// <summary>What to post alone to Alertmanager when its alert list does not show this one: a resolved alert without its times.</summary>
    public string? ProbeText { get; init; }

    public Deviation Deviation { get; init; }

    public string? Reason { get; init; }

    /// <summary>The times as sent; null when absent, null or Go's zero time.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }
}

/// <summary>One generated request: a body, its content type and headers, and its alerts.</summary>
public sealed record CorpusPayload
{
    public required int Number { get; init; }

    /// <summary>What the payload exercises: <c>valid</c>, <c>labels</c>, <c>times</c>, <c>content-type</c>, …</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required byte[] Body { get; init; }

    public string? ContentType { get; init; } = "application/json";

    public string? ContentEncoding { get; init; }

    public IReadOnlyList<CorpusAlert> Alerts { get; init; } = [];

    /// <summary>A request-wide deviation (the body as a whole); alerts may carry their own.</summary>
    public Deviation Deviation { get; init; }

    public string? Reason { get; init; }

    /// <summary>The deviation the payload is expected to show, if any, and why.</summary>
    public (Deviation Deviation, string? Reason) Expected =>
        Deviation != Deviation.None ? (Deviation, Reason)
        : Alerts.FirstOrDefault(a => a.Deviation != Deviation.None) is { } alert ? (alert.Deviation, alert.Reason)
        : (Deviation.None, null);
}
