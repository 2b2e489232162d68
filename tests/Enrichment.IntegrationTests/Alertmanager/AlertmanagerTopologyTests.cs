using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Alertmanager;

/// <summary>
/// Both topologies with the real Alertmanager (and Prometheus) from Debian, configured with the files
/// under <c>examples/</c>: (1) Alertmanager A's webhook → the gateway → the Alertmanager notifier →
/// Alertmanager B; (2) Prometheus' alerting → the gateway's <c>/api/v2/alerts</c> → Alertmanager.
/// The host runs as its own process on a real port, because Alertmanager and Prometheus must reach it.
/// </summary>
public class AlertmanagerTopologyTests
{
    private static readonly string[] Modes = ["transparent", "enriched", "transparent_with_recommendations"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The routes of examples/alertmanager/downstream.yml.</summary>
    private static string ExpectedReceiver(string? aiSeverity) => aiSeverity switch
    {
        "critical" => "oncall-pager",
        "noise" => "blackhole",
        _ => "team",
    };

    [Fact]
    public async Task Alerts_from_Alertmanager_A_reach_Alertmanager_B_as_each_mode_shows_them_and_resolve_there()
    {
        await using var b = await MonitoringProcess.StartAlertmanagerAsync(ExampleConfigs.Read("alertmanager/downstream.yml"));
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["NOTIFIER_ALERTMANAGER_URL"] = b.BaseAddress.ToString(),
            ["NOTIFIER_CONSOLE"] = "false",
        });
        await using var a = await MonitoringProcess.StartAlertmanagerAsync(ExampleConfigs.WithGateway("alertmanager/upstream.yml", host.BaseAddress));
        var run = Guid.NewGuid().ToString("N")[..12];
        var startsAt = new DateTimeOffset(DateTime.UtcNow.AddMinutes(-2).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

        foreach (var mode in Modes)
        {
            await SetModeAsync(host, mode);
            var alert = Alert(run, mode, startsAt, endsAt: null);
            var expected = await ClassifyAsync(host, alert);
            var sentAt = DateTimeOffset.UtcNow;
            await AlertmanagerApi.PostAlertsAsync(a.Http, [alert.DeepClone()]);

            var inB = await AlertmanagerApi.WaitForAsync(b.Http, "test_case", $"{run}-{mode}", found => found.Length > 0, Patience);
            var shown = Assert.Single(inB);
            AssertShownAs(mode, alert, expected, shown);
            Assert.Equal(startsAt, shown.GetProperty("startsAt").GetDateTimeOffset());
            // Firing from a webhook (no endsAt of its own): kept firing for NOTIFIER_ALERTMANAGER_RESOLVE_TIMEOUT (1h by default).
            Assert.True(shown.GetProperty("endsAt").GetDateTimeOffset() > sentAt.AddMinutes(50), $"endsAt {shown.GetProperty("endsAt")} does not keep the alert firing");
        }

        // Resolve all three at A. The mode is now transparent_with_recommendations, so the copy B got in
        // enriched mode (with ai_* labels) is a different alert there: it must be resolved as well.
        var resolvedAt = DateTimeOffset.UtcNow;
        await AlertmanagerApi.PostAlertsAsync(a.Http, [.. Modes.Select(m => Alert(run, m, startsAt, endsAt: resolvedAt))]);
        var left = await AlertmanagerApi.WaitForAsync(b.Http, "run", run, found => found.Length == 0, Patience);
        Assert.True(left.Length == 0, $"still firing in B: {string.Join(", ", left.Select(l => l.GetProperty("labels").ToString()))}");

        var metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Contains("enrichment_notifications_total{notifier=\"alertmanager\",outcome=\"success\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_posting_to_the_gateway_reaches_Alertmanager_routed_on_ai_severity_with_its_own_endsAt()
    {
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(ExampleConfigs.Read("alertmanager/downstream.yml"));
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["NOTIFIER_ALERTMANAGER_URL"] = alertmanager.BaseAddress.ToString(),
            ["NOTIFIER_CONSOLE"] = "false",
        });
        await SetModeAsync(host, "enriched");
        await using var prometheus = await MonitoringProcess.StartPrometheusAsync(
            ExampleConfigs.WithGateway("prometheus/prometheus.yml", host.BaseAddress), ("rules.yml", ExampleConfigs.Read("prometheus/rules.yml")));

        // The example's evaluation interval is 15 s: the first evaluation comes within it, a resend one interval later.
        var found = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "alertname", "Watchdog",
            alerts => alerts.Any(x => x.GetProperty("labels").TryGetProperty("ai_severity", out _)), TimeSpan.FromSeconds(60));
        Assert.True(found.Length > 0, $"nothing reached Alertmanager.\nPrometheus:\n{prometheus.Tail}\nHost:\n{string.Join('\n', host.StderrLines.TakeLast(20))}");
        var watchdog = Assert.Single(found, x => x.GetProperty("labels").TryGetProperty("ai_severity", out _));

        var labels = AlertmanagerApi.Map(watchdog, "labels");
        Assert.Equal("none", labels["severity"]);
        Assert.Contains(labels["ai_severity"], new[] { "critical", "warning", "info", "noise" });
        Assert.Equal(ExpectedReceiver(labels["ai_severity"]), AlertmanagerApi.Receiver(watchdog));
        Assert.True(AlertmanagerApi.Map(watchdog, "annotations").ContainsKey("ai_summary"));
        // Prometheus says how long the alert is valid (4 × max(resend delay, evaluation interval) = 1 min here):
        // that, not our 1 h default, reaches Alertmanager.
        Assert.True(watchdog.GetProperty("endsAt").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddMinutes(10), $"endsAt {watchdog.GetProperty("endsAt")}");
        Assert.Contains("g0.expr=vector", watchdog.GetProperty("generatorURL").GetString(), StringComparison.Ordinal);
    }

    private static JsonObject Alert(string run, string mode, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["alertname"] = "PostgresqlDown", ["severity"] = "critical", ["job"] = "postgres", ["instance"] = "db-1:9187",
                ["run"] = run, ["test_case"] = $"{run}-{mode}",
            },
            ["annotations"] = new JsonObject
            {
                ["summary"] = "Postgresql down (instance db-1:9187)", ["description"] = "Postgresql instance is down",
            },
            ["startsAt"] = startsAt.ToString("O", CultureInfo.InvariantCulture),
            ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=pg_up+%3D%3D+0",
        };
        if (endsAt is { } end)
        {
            alert["endsAt"] = end.ToString("O", CultureInfo.InvariantCulture);
        }
        return alert;
    }

    private static void AssertShownAs(string mode, JsonObject posted, JsonElement classification, JsonElement shown)
    {
        var sentLabels = posted["labels"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var sentAnnotations = posted["annotations"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var labels = AlertmanagerApi.Map(shown, "labels");
        var annotations = AlertmanagerApi.Map(shown, "annotations");
        var summary = classification.GetProperty("summary").GetString()!;
        var recommendations = string.Join("\n", classification.GetProperty("recommendations").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEmpty(recommendations);
        if (mode != "transparent")
        {
            // How to correct the verdict (FEEDBACK_URL unset: the reader's $ENRICHMENT_URL); its fingerprint is A's.
            Assert.StartsWith("curl -X POST \"$ENRICHMENT_URL/api/v1/feedback\"", annotations["ai_feedback"], StringComparison.Ordinal);
            annotations.Remove("ai_feedback");
        }
        switch (mode)
        {
            case "transparent":
                Assert.Equal(sentLabels, labels);
                Assert.Equal(sentAnnotations, annotations);
                Assert.Equal("team", AlertmanagerApi.Receiver(shown));
                break;
            case "enriched":
                var severity = classification.GetProperty("severity").GetString()!;
                // The incident it joined and its role there (the three alerts of this test share a host: one incident).
                Assert.StartsWith("inc-", labels["ai_incident"], StringComparison.Ordinal);
                Assert.Contains(labels["ai_incident_role"], new[] { "root", "symptom", "member" });
                Assert.Equal(new Dictionary<string, string>(sentLabels)
                {
                    ["ai_severity"] = severity, ["ai_category"] = classification.GetProperty("category").GetString()!,
                    // Each mode's alert is its own signature (test_case), never seen before.
                    ["ai_novelty"] = "new", ["ai_transient"] = "false",
                    ["ai_incident"] = labels["ai_incident"], ["ai_incident_role"] = labels["ai_incident_role"],
                }, labels);
                Assert.Equal(new Dictionary<string, string>(sentAnnotations)
                {
                    ["ai_summary"] = summary, ["ai_recommendations"] = recommendations,
                    ["ai_confidence"] = classification.GetProperty("confidence").GetDouble().ToString("0.##", CultureInfo.InvariantCulture),
                }, annotations);
                Assert.Equal(ExpectedReceiver(severity), AlertmanagerApi.Receiver(shown));
                break;
            default:
                Assert.Equal(sentLabels, labels);
                Assert.Equal(new Dictionary<string, string>(sentAnnotations) { ["ai_summary"] = summary, ["ai_recommendations"] = recommendations }, annotations);
                Assert.Equal("team", AlertmanagerApi.Receiver(shown));
                break;
        }
    }

    /// <summary>What the pipeline's classifier says about the alert, asked through the worker's own route.</summary>
    private static async Task<JsonElement> ClassifyAsync(HostProcess host, JsonObject alert)
    {
        using var content = new StringContent(new JsonArray(alert.DeepClone()).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/api/v1/classify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("results")[0].GetProperty("classification");
    }

    private static async Task SetModeAsync(HostProcess host, string mode)
    {
        using var content = new StringContent($$"""{"mode":"{{mode}}"}""", Encoding.UTF8, "application/json");
        using var response = await host.Http.PutAsync("/api/v1/enrichment/mode", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").GetString());
        // The worker's next batch uses the mode its readiness reports.
        await host.WaitForModeAsync(mode, TimeSpan.FromSeconds(30));
    }
}
