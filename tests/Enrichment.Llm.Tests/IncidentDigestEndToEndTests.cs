using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>
/// The real executable with the model configured: a node storm costs one digest call (not one per alert), through the
/// same provider, and its update carries the model's digest with this incident's values in place of the marks.
/// </summary>
public sealed class IncidentDigestEndToEndTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static bool IsDigest(RecordedRequest request) => request.AllText().Contains("<incident>", StringComparison.Ordinal);

    [Fact]
    public async Task A_storm_of_twenty_one_alerts_costs_one_digest_call_and_its_update_shows_the_models_digest()
    {
        _fake.Responder = r => IsDigest(r)
            ? FakeReply.Text("""{"title":"{{labels.node}} is down","summary":"All {{alerts}} alerts follow from {{labels.node}}.","probableRoot":1,"blastRadius":"{{services}} services","steps":["Cordon {{labels.node}}","Reschedule","Check the hypervisor"]}""")
            : FakeAnswers.Valid(r);
        await using var host = await HostProcess.StartAsync(HostEndToEndTests.Environment(_fake, new() { ["INCIDENT_UPDATE_DELAY"] = "1s" }));

        await HostEndToEndTests.PostAsync(host, "/webhook", Storm("node-4", 20));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((host.AlertEventLines.Count < 21 || host.IncidentUpdateLines.Count < 1) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(host.IncidentUpdateLines.Count >= 1, $"no incident update:\n{string.Join('\n', host.StderrLines.TakeLast(20))}");

        // A marker: once its own update is out, every update of the storm is out too.
        await HostEndToEndTests.PostAsync(host, "/webhook", Storm("marker-node", 0));
        while (host.IncidentUpdateLines.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var updates = host.IncidentUpdateLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(2, updates.Count);
        Assert.Equal(2, _fake.Requests.Count(IsDigest));
        Assert.DoesNotContain(_fake.Requests.Where(IsDigest), r => r.AllText().Contains("node-4", StringComparison.Ordinal));

        var storm = updates.Single(u => u.GetProperty("incident").GetProperty("size").GetInt32() == 21);
        var digest = storm.GetProperty("incident").GetProperty("digest");
        Assert.Equal("llm", digest.GetProperty("source").GetString());
        Assert.Equal("node-4 is down", digest.GetProperty("title").GetString());
        Assert.Equal("All 21 alerts follow from node-4.", digest.GetProperty("summary").GetString());
        Assert.Equal("Cordon node-4", digest.GetProperty("steps")[0].GetString());
        Assert.Equal(storm.GetProperty("incident").GetProperty("root").GetString(), digest.GetProperty("probableRoot").GetString());
    }

    /// <summary>A node alert and <paramref name="pods"/> pods on it, in one notification.</summary>
    private static string Storm(string node, int pods)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O", CultureInfo.InvariantCulture);
        var alerts = new JsonArray
        {
            Alert(start, ("alertname", "KubeNodeNotReady"), ("severity", "warning"), ("node", node), ("job", "kube-state-metrics")),
        };
        for (var i = 0; i < pods; i++)
        {
            alerts.Add(Alert(start, ("alertname", "KubePodNotReady"), ("severity", "warning"), ("namespace", "shop"), ("pod", $"cart-7d9f8b6c4-x{i:0000}"),
                ("node", node), ("job", "kube-state-metrics")));
        }
        return new JsonObject
        {
            ["version"] = "4", ["groupKey"] = $"{{}}:{{node=\"{node}\"}}", ["status"] = "firing", ["receiver"] = "enrichment",
            ["groupLabels"] = new JsonObject(), ["commonLabels"] = new JsonObject(), ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager:9093", ["alerts"] = alerts,
        }.ToJsonString();
    }

    private static JsonObject Alert(string startsAt, params (string Name, string Value)[] labels)
    {
        var map = new JsonObject();
        foreach (var (name, value) in labels)
        {
            map[name] = value;
        }
        return new JsonObject
        {
            ["status"] = "firing",
            ["labels"] = map,
            ["annotations"] = new JsonObject { ["summary"] = $"{labels[0].Value} on {labels.First(l => l.Name == "node").Value}" },
            ["startsAt"] = startsAt,
            ["endsAt"] = "0001-01-01T00:00:00Z",
        };
    }
}
