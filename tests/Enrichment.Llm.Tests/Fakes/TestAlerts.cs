using Enrichment.Contracts;

namespace Enrichment.Llm.Tests.Fakes;

public static class TestAlerts
{
    public static AlertData Alert(string name, string severity = "warning", IReadOnlyDictionary<string, string>? annotations = null, string? fingerprint = null) => new()
    {
        Fingerprint = fingerprint ?? $"{(uint)name.GetHashCode():x16}",
        Status = "firing",
        Labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = severity, ["job"] = "db" },
        Annotations = annotations ?? new Dictionary<string, string> { ["summary"] = $"{name} is firing", ["description"] = $"{name} needs a look" },
        StartsAt = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        GeneratorUrl = "http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200",
    };

    public static IReadOnlyList<AlertData> Many(int count, string prefix = "Alert") =>
        Enumerable.Range(1, count).Select(i => Alert($"{prefix}{i}")).ToList();
}
