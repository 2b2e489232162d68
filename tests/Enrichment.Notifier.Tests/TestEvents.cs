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

/// <summary>Answers every request with one status and records the bodies.</summary>
internal sealed class RecordingHandler(Func<HttpResponseMessage>? answer = null) : HttpMessageHandler
{
    public List<(Uri Url, string Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.RequestUri!, request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
        return answer?.Invoke() ?? new HttpResponseMessage(System.Net.HttpStatusCode.OK);
    }
}
