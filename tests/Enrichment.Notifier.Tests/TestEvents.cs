using Enrichment.Contracts;

namespace Enrichment.Notifier.Tests;

/// <summary>Enriched events as the workers publish them.</summary>
internal static class TestEvents
{
    public static readonly ClassificationData Verdict = new()
    {
        Severity = "critical",
        Category = "database",
        Confidence = 0.9,
        Summary = "Postgres primary is down",
        Recommendations = ["Check the postgres service", "Fail over to the replica"],
        Source = "llm",
        Provider = "openai",
        Model = "gpt-4o-mini",
    };

    public static AlertEnriched Firing(string mode = "enriched", ClassificationData? classification = null, string fingerprint = "0123456789abcdef",
        DateTimeOffset? endsAt = null, string? generatorUrl = "http://prometheus:9090/graph?g0.expr=pg_up&g0.tab=1") => new()
    {
        Alert = new AlertData
        {
            Fingerprint = fingerprint,
            Status = "firing",
            Labels = new Dictionary<string, string> { ["alertname"] = "PostgresqlDown", ["severity"] = "page", ["instance"] = "db-1:9187" },
            Annotations = new Dictionary<string, string> { ["summary"] = "Postgresql down on db-1", ["description"] = "pg_up == 0" },
            StartsAt = DateTimeOffset.Parse("2026-11-25T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            EndsAt = endsAt ?? DateTimeOffset.MinValue,
            GeneratorUrl = generatorUrl,
        },
        Mode = mode,
        Classification = mode == "transparent" ? null : classification ?? Verdict,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        EnrichedAt = DateTimeOffset.UnixEpoch,
    };

    public static AlertEnriched Resolved(AlertEnriched firing, DateTimeOffset endsAt) =>
        firing with { Alert = firing.Alert with { Status = "resolved", EndsAt = endsAt } };
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Answers every request (by default 200, or as the body asks) and records the bodies and how their length was sent.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Func<string, HttpResponseMessage> _answer;

    public RecordingHandler(Func<HttpResponseMessage>? answer = null) : this(_ => answer?.Invoke() ?? new HttpResponseMessage(System.Net.HttpStatusCode.OK))
    {
    }

    public RecordingHandler(Func<string, HttpResponseMessage> answer) => _answer = answer;

    public List<(Uri Url, string Body)> Requests { get; } = [];

    /// <summary>Per request: the <c>Content-Length</c> it declares, and whether it asked for a chunked body.</summary>
    public List<(long? ContentLength, bool? Chunked)> Lengths { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Lengths.Add((request.Content?.Headers.ContentLength, request.Headers.TransferEncodingChunked));
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.RequestUri!, body));
        return _answer(body);
    }
}
