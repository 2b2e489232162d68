using System.Globalization;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Incidents.Evaluation;

/// <summary>
/// A large storm of three simultaneous incidents, for what digests cost at scale: a node failure (its pods in several
/// namespaces, their containers, the node exporter target), a database primary down (errors and latency of every pod of
/// the services that use it), and a broken rollout (crash-looping pods, waiting containers, failing probes). Causes start
/// first and effects follow over two minutes, interleaved across the incidents, arriving as Prometheus sends them: every
/// two seconds, the alerts that started since (through <c>/api/v2/alerts</c>, in requests of at most 100).
/// </summary>
public static class StormGenerator
{
    public static IncidentScenario Generate(int size, int seed)
    {
        var random = new Random(seed);
        var alerts = new List<(TimeSpan Start, ScenarioAlert Alert)>(size);
        var t0 = TimeSpan.Zero;
        alerts.Add((t0, Make("node", true, L(("alertname", "KubeNodeNotReady"), ("severity", "warning"), ("node", "node-9"), ("job", "kube-state-metrics")), "Node node-9 is not ready")));
        alerts.Add((t0 + TimeSpan.FromSeconds(3), Make("db", true, L(("alertname", "PostgresqlDown"), ("severity", "critical"), ("namespace", "payments"), ("service", "postgres"), ("job", "postgres-exporter"), ("instance", "pg-0.payments:9187")), "Postgresql instance pg-0 is down")));
        alerts.Add((t0 + TimeSpan.FromSeconds(5), Make("rollout", true, L(("alertname", "KubeDeploymentRolloutStuck"), ("severity", "warning"), ("namespace", "search"), ("deployment", "search-api"), ("job", "kube-state-metrics")), "Rollout of deployment search/search-api is not progressing")));
        alerts.Add((t0 + TimeSpan.FromSeconds(8), Make("node", false, L(("alertname", "TargetDown"), ("severity", "warning"), ("job", "node-exporter"), ("instance", "node-9:9100"), ("namespace", "monitoring"), ("service", "node-exporter")), "The node-exporter target node-9:9100 is down")));

        string[] nodeApps = ["cart", "frontend", "catalog", "recommender", "ads", "shipping"];
        string[] dbApps = ["ledger", "billing", "refunds", "invoices"];
        var i = 0;
        while (alerts.Count < size)
        {
            var start = t0 + TimeSpan.FromMilliseconds(10_000 + random.Next(110_000));
            var which = random.Next(3);
            i++;
            ScenarioAlert alert;
            if (which == 0)
            {
                var app = nodeApps[random.Next(nodeApps.Length)];
                var pod = Pod(app, i);
                alert = random.Next(3) == 0
                    ? Make("node", false, L(("alertname", "KubeContainerWaiting"), ("severity", "warning"), ("namespace", "shop"), ("pod", pod), ("container", app), ("node", "node-9"), ("job", "kube-state-metrics")), $"Pod shop/{pod} container {app} is waiting")
                    : Make("node", false, L(("alertname", "KubePodNotReady"), ("severity", "warning"), ("namespace", "shop"), ("pod", pod), ("node", "node-9"), ("job", "kube-state-metrics")), $"Pod shop/{pod} is not ready");
            }
            else if (which == 1)
            {
                var app = dbApps[random.Next(dbApps.Length)];
                var pod = Pod(app, i);
                alert = random.Next(2) == 0
                    ? Make("db", false, L(("alertname", "HttpErrorRateHigh"), ("severity", "critical"), ("namespace", "payments"), ("service", app), ("job", app), ("pod", pod)), $"{app} pod {pod} answers 5xx to {random.Next(5, 40)}% of requests")
                    : Make("db", false, L(("alertname", "HttpLatencyP99High"), ("severity", "warning"), ("namespace", "payments"), ("service", app), ("job", app), ("pod", pod)), $"{app} pod {pod} p99 latency is {random.Next(2, 9)}s");
            }
            else
            {
                var pod = Pod("search-api", i);
                alert = random.Next(4) switch
                {
                    0 => Make("rollout", false, L(("alertname", "KubeContainerWaiting"), ("severity", "warning"), ("namespace", "search"), ("pod", pod), ("container", "search-api"), ("job", "kube-state-metrics")), $"Pod search/{pod} container search-api is waiting"),
                    1 => Make("rollout", false, L(("alertname", "BlackboxProbeFailed"), ("severity", "critical"), ("job", "blackbox"), ("instance", $"http://search-api.search.svc:8080/healthz?replica={i}")), "Probe failed for search-api"),
                    _ => Make("rollout", false, L(("alertname", "KubePodCrashLooping"), ("severity", "warning"), ("namespace", "search"), ("pod", pod), ("container", "search-api"), ("job", "kube-state-metrics")), $"Pod search/{pod} is restarting"),
                };
            }
            alerts.Add((start, alert));
        }

        var ordered = alerts.OrderBy(a => a.Start).ToList();
        var notifications = new List<ScenarioNotification>();
        var tick = TimeSpan.FromSeconds(2);
        for (var at = TimeSpan.Zero; ordered.Count > 0; at += tick)
        {
            var due = ordered.TakeWhile(a => a.Start <= at).ToList();
            ordered.RemoveRange(0, due.Count);
            foreach (var chunk in due.Chunk(100))
            {
                notifications.Add(new ScenarioNotification(IncidentScenario.Epoch + at, null,
                    chunk.Select(a => a.Alert with { Alert = a.Alert.Alert with { StartsAt = IncidentScenario.Epoch + a.Start } }).ToList()));
            }
        }
        return new IncidentScenario($"storm-{size}", "generated: three incidents, interleaved", notifications);
    }

    private static Dictionary<string, string> L(params (string Name, string Value)[] labels)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["cluster"] = "prod" };
        foreach (var (name, value) in labels)
        {
            map[name] = value;
        }
        return map;
    }

    /// <summary>A Deployment's pod name, unique per <paramref name="i"/>: five letters after the ReplicaSet's hash.</summary>
    private static string Pod(string app, int i)
    {
        Span<char> suffix = stackalloc char[5];
        var n = i;
        for (var k = 4; k >= 0; k--)
        {
            suffix[k] = (char)('a' + (n % 26));
            n /= 26;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{app}-6f7d8c9b5-{suffix}");
    }

    private static ScenarioAlert Make(string incident, bool root, Dictionary<string, string> labels, string summary) =>
        new(new AlertData
        {
            Fingerprint = AlertFingerprint.Compute(labels),
            Status = AlertStatus.Firing,
            Labels = labels,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = summary },
        }, incident, root);
}
