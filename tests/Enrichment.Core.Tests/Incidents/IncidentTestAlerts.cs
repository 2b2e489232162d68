using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Incidents;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>Alerts and facts for the incident tests: what kube-prometheus and friends send.</summary>
internal static class IncidentTestAlerts
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static readonly AlertFactsReader Reader = new(new IncidentOptions().ScopeLabelList());

    public static AlertData Alert(string summary, params (string Name, string Value)[] labels) => Alert(summary, T0, AlertStatus.Firing, null, labels);

    public static AlertData Alert(string summary, DateTimeOffset startsAt, string status, string? expr, params (string Name, string Value)[] labels)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["cluster"] = "prod" };
        foreach (var (name, value) in labels)
        {
            map[name] = value;
        }
        return new AlertData
        {
            Fingerprint = AlertFingerprint.Compute(map),
            Status = status,
            Labels = map,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = summary },
            StartsAt = startsAt,
            GeneratorUrl = expr is null ? null : "http://prometheus:9090/graph?g0.expr=" + Uri.EscapeDataString(expr),
        };
    }

    private static readonly Enrichment.Core.Rules.RuleBasedClassifier Rules = new();

    /// <summary>The facts correlation reads, with the rules' category unless one is given (as the worker passes the classification's).</summary>
    public static AlertFacts Facts(AlertData alert, string? category = null, string? groupKey = null) =>
        Reader.Read(alert, category ?? Enrichment.Core.Classification.Taxonomy.ToWire(Rules.Classify(alert).Category), alert.StartsAt ?? T0, groupKey);

    public static AlertData NodeNotReady(string node = "node-7", DateTimeOffset? at = null) =>
        Alert($"Node {node} is not ready", at ?? T0, AlertStatus.Firing, null, ("alertname", "KubeNodeNotReady"), ("severity", "warning"), ("node", node), ("job", "kube-state-metrics"));

    public static AlertData PodNotReady(string ns, string pod, string? node, DateTimeOffset? at = null)
    {
        var labels = new List<(string, string)> { ("alertname", "KubePodNotReady"), ("severity", "warning"), ("namespace", ns), ("pod", pod), ("job", "kube-state-metrics") };
        if (node is not null)
        {
            labels.Add(("node", node));
        }
        return Alert($"Pod {ns}/{pod} is not ready", at ?? T0.AddSeconds(30), AlertStatus.Firing, null, [.. labels]);
    }

    public static AlertData Errors(string ns, string service, DateTimeOffset? at = null) =>
        Alert($"{service} answers 5xx to 12% of requests", at ?? T0.AddMinutes(1), AlertStatus.Firing, null,
            ("alertname", "HttpErrorRateHigh"), ("severity", "critical"), ("namespace", ns), ("service", service), ("job", service));

    public static AlertData PostgresDown(string ns = "payments", DateTimeOffset? at = null) =>
        Alert("Postgresql instance pg-0 is down", at ?? T0, AlertStatus.Firing, "pg_up == 0",
            ("alertname", "PostgresqlDown"), ("severity", "critical"), ("namespace", ns), ("service", "postgres"), ("job", "postgres-exporter"), ("instance", "pg-0:9187"));

    public static AlertData Resolved(AlertData alert) => alert with { Status = AlertStatus.Resolved, EndsAt = alert.StartsAt?.AddMinutes(20) };
}
