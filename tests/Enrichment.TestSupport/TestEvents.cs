using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.TestSupport;

/// <summary>Enriched events as the workers publish them.</summary>
public static class TestEvents
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

    public static AlertEnriched Firing(string mode = "enriched", ClassificationData? classification = null, string fingerprint = AlertBuilder.DefaultFingerprint,
        DateTimeOffset? endsAt = null, string? generatorUrl = "http://prometheus:9090/graph?g0.expr=pg_up&g0.tab=1") => Of(
        AlertBuilder.Alert("PostgresqlDown", "page", summary: "Postgresql down on db-1", description: "pg_up == 0",
            labels: [AlertBuilder.L("instance", "db-1:9187")],
            fingerprint: fingerprint,
            startsAt: DateTimeOffset.Parse("2026-11-25T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            endsAt: endsAt ?? DateTimeOffset.MinValue,
            generatorUrl: generatorUrl),
        mode,
        mode == "transparent" ? null : classification ?? Verdict);

    /// <summary>The event a worker publishes for <paramref name="alert"/>.</summary>
    public static AlertEnriched Of(AlertData alert, string mode, ClassificationData? classification) => new()
    {
        Alert = alert,
        Mode = mode,
        Classification = classification,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        EnrichedAt = DateTimeOffset.UnixEpoch,
    };

    public static AlertEnriched Resolved(AlertEnriched firing, DateTimeOffset endsAt) =>
        firing with { Alert = firing.Alert with { Status = AlertStatus.Resolved, EndsAt = endsAt } };
}
