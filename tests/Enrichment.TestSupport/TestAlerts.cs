using System.Globalization;
using Enrichment.Contracts;

namespace Enrichment.TestSupport;

/// <summary>Realistic firing alerts of a database job, as a model is shown them: each with its own fingerprint.</summary>
public static class TestAlerts
{
    public static AlertData Alert(string name, string severity = "warning", IReadOnlyDictionary<string, string>? annotations = null, string? fingerprint = null) =>
        AlertBuilder.Alert(
            name,
            severity,
            summary: annotations is null ? $"{name} is firing" : null,
            description: annotations is null ? $"{name} needs a look" : null,
            labels: [AlertBuilder.L("job", "db")],
            annotations: annotations,
            fingerprint: fingerprint ?? $"{(uint)name.GetHashCode(StringComparison.Ordinal):x16}",
            startsAt: DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture),
            generatorUrl: "http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200");

    public static IReadOnlyList<AlertData> Many(int count, string prefix = "Alert") =>
        Enumerable.Range(1, count).Select(i => Alert($"{prefix}{i}")).ToList();
}
