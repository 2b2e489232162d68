using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Incidents;

/// <summary>
/// examples/alertmanager/incidents.yml on the real Alertmanager: the enriched alerts of a node storm arrive with
/// <c>ai_incident</c> and <c>ai_incident_role</c>, the pods (symptoms) are inhibited while the node (root) fires, and no
/// longer once it resolves.
/// </summary>
public class IncidentInhibitionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Symptoms_are_muted_while_their_root_fires_and_notified_once_it_resolves()
    {
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(ExampleConfigs.Read("alertmanager/incidents.yml"));
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["ENRICHMENT_MODE"] = "enriched",
            ["NOTIFIER_ALERTMANAGER_URL"] = alertmanager.BaseAddress.ToString(),
            ["NOTIFIER_CONSOLE"] = "false",
        });
        var run = Guid.NewGuid().ToString("N")[..12];
        var storm = StormPayloads.NodeFailure().Alerts.Select(a => a.Alert).ToList();
        var node = storm.Single(a => a.Labels["alertname"] == "KubeNodeNotReady");
        var pods = storm.Where(a => a.Labels["alertname"] == "KubePodNotReady").Take(4).ToList();
        var extra = new Dictionary<string, string> { ["test_run"] = run };

        await PostAsync(host, StormPayloads.Webhooks([node, .. pods], "{}:{cluster=\"prod\"}", 5, extra).Single());
        var shown = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "test_run", run,
            found => found.Length == 5 && found.Where(IsPod).All(a => Inhibited(a).Length > 0), Patience);

        var root = Assert.Single(shown, a => Labels(a)["alertname"] == "KubeNodeNotReady");
        Assert.Equal("root", Labels(root)["ai_incident_role"]);
        Assert.Empty(Inhibited(root));
        var incident = Labels(root)["ai_incident"];
        Assert.All(shown.Where(IsPod), pod =>
        {
            Assert.Equal("symptom", Labels(pod)["ai_incident_role"]);
            Assert.Equal(incident, Labels(pod)["ai_incident"]);
            Assert.Equal("suppressed", pod.GetProperty("status").GetProperty("state").GetString());
            Assert.Equal([root.GetProperty("fingerprint").GetString()!], Inhibited(pod));
        });

        // The node is back: its resolution reaches Alertmanager, the pods that still fire are no longer muted.
        await PostAsync(host, StormPayloads.Webhooks([node with { Status = "resolved" }], "{}:{cluster=\"prod\"}", 1, extra).Single());
        var after = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "test_run", run,
            found => found.Length == 4 && found.All(a => Inhibited(a).Length == 0), Patience);
        Assert.Equal(4, after.Length);
        Assert.All(after, pod => Assert.Equal("active", pod.GetProperty("status").GetProperty("state").GetString()));
    }

    private static async Task PostAsync(HostProcess host, string webhook)
    {
        using var response = await host.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static bool IsPod(JsonElement alert) => Labels(alert)["alertname"] == "KubePodNotReady";

    private static Dictionary<string, string> Labels(JsonElement alert) => AlertmanagerApi.Map(alert, "labels");

    private static string[] Inhibited(JsonElement alert) =>
        alert.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray().Select(f => f.GetString()!).ToArray();
}
