using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Memory;

/// <summary>
/// Issue 17's first "done when", as a new user would try it: the real executable on RabbitMQ and Redis in
/// <c>enriched</c> mode, re-posting to a real Alertmanager configured with <c>examples/alertmanager/downstream-history.yml</c>.
/// The same alert fired and resolved ten times is <c>recurring</c> and <c>transient</c> on its eleventh firing and is held
/// back there; a never-seen critical alert is <c>new</c> and goes to the pager.
/// </summary>
public class HistoryDownstreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string FeedbackUrl = "https://enrichment.example.com";

    [Fact]
    public async Task A_recurring_transient_alert_and_a_new_critical_one_reach_Alertmanager_labelled_and_routed_by_the_example()
    {
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(ExampleConfigs.Read("alertmanager/downstream-history.yml"));
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("history"),
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("history"),
            ["ENRICHMENT_MODE"] = "enriched",
            ["NOTIFIER_ALERTMANAGER_URL"] = alertmanager.BaseAddress.ToString(),
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
            ["FEEDBACK_URL"] = FeedbackUrl,
        });
        var run = Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        // Fired and resolved ten times, an hour apart, two minutes each: each step reaches Alertmanager before the next.
        for (var k = 10; k >= 1; k--)
        {
            var start = now.AddHours(-k);
            await PostAsync(host, Alert(run, "NightlyBackupSlow", start, end: null));
            await AlertmanagerApi.WaitForAsync(alertmanager.Http, "run", run, active => active.Any(a => a.GetProperty("startsAt").GetDateTimeOffset() == start), Patience);
            await PostAsync(host, Alert(run, "NightlyBackupSlow", start, end: start.AddMinutes(2)));
            var left = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "run", run, active => active.Length == 0, Patience);
            Assert.True(left.Length == 0, $"firing {11 - k} did not resolve in Alertmanager: {string.Join(", ", left.Select(a => a.GetProperty("labels")))}");
        }
        var eleventhStart = now.AddSeconds(-30);
        await PostAsync(host, Alert(run, "NightlyBackupSlow", eleventhStart, end: null));
        await PostAsync(host, Alert(run, "NeverSeenBefore", eleventhStart, end: null));

        var eleventh = await EventAsync(sink, "NightlyBackupSlow", eleventhStart);
        var fresh = await EventAsync(sink, "NeverSeenBefore", eleventhStart);
        var history = eleventh.GetProperty("history");
        Assert.Equal("recurring", history.GetProperty("novelty").GetString());
        Assert.True(history.GetProperty("transient").GetBoolean());
        Assert.Equal(11, history.GetProperty("fired7d").GetInt32());
        Assert.Equal(120, history.GetProperty("medianResolveSeconds").GetInt64());
        Assert.False(history.GetProperty("flapping").GetBoolean());
        Assert.Equal(now.AddHours(-10), history.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal("new", fresh.GetProperty("history").GetProperty("novelty").GetString());
        Assert.False(fresh.GetProperty("history").GetProperty("transient").GetBoolean());

        var shown = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "run", run, active => active.Length == 2, Patience);
        Assert.True(shown.Length == 2, $"Alertmanager shows {shown.Length} alerts of the run:\n{alertmanager.Tail}");
        var recurring = Assert.Single(shown, a => AlertmanagerApi.Map(a, "labels")["alertname"] == "NightlyBackupSlow");
        var labels = AlertmanagerApi.Map(recurring, "labels");
        Assert.Equal(("recurring", "true", "critical"), (labels["ai_novelty"], labels["ai_transient"], labels["ai_severity"]));
        Assert.Equal("team-transient", AlertmanagerApi.Receiver(recurring));
        var correction = AlertmanagerApi.Map(recurring, "annotations")["ai_feedback"];
        Assert.Contains($"{FeedbackUrl}/api/v1/feedback", correction, StringComparison.Ordinal);
        Assert.Contains(eleventh.GetProperty("alert").GetProperty("fingerprint").GetString()!, correction, StringComparison.Ordinal);

        var novel = Assert.Single(shown, a => AlertmanagerApi.Map(a, "labels")["alertname"] == "NeverSeenBefore");
        var novelLabels = AlertmanagerApi.Map(novel, "labels");
        Assert.Equal(("new", "false", "critical"), (novelLabels["ai_novelty"], novelLabels["ai_transient"], novelLabels["ai_severity"]));
        Assert.Equal("oncall-pager", AlertmanagerApi.Receiver(novel));
    }

    [Theory]
    [InlineData("oncall-pager", "ai_novelty=new", "ai_transient=false", "ai_severity=critical")]
    [InlineData("team-transient", "ai_novelty=recurring", "ai_transient=true", "ai_severity=critical")]
    [InlineData("oncall-pager", "ai_novelty=recurring", "ai_transient=false", "ai_severity=critical")]
    [InlineData("team", "ai_novelty=new", "ai_transient=false", "ai_severity=warning")]
    [InlineData("blackhole", "ai_novelty=rare", "ai_transient=false", "ai_severity=noise")]
    public async Task The_example_routes_as_its_comments_say(string receiver, params string[] labels)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "alertmanager", "downstream-history.yml");
        var check = await ExternalTool.RunAsync("amtool", ["check-config", path]);
        var routed = await ExternalTool.RunAsync("amtool", ["config", "routes", "test", $"--config.file={path}", .. labels]);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Equal(receiver, routed.Stdout.Trim());
    }

    private static JsonObject Alert(string run, string name, DateTimeOffset start, DateTimeOffset? end)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = name, ["severity"] = "critical", ["instance"] = "db-1:9100", ["job"] = "backup", ["run"] = run },
            ["annotations"] = new JsonObject { ["summary"] = $"{name} on db-1", ["description"] = "the nightly backup is slower than usual" },
            ["startsAt"] = start.ToString("O", CultureInfo.InvariantCulture),
        };
        if (end is { } e)
        {
            alert["endsAt"] = e.ToString("O", CultureInfo.InvariantCulture);
        }
        return alert;
    }

    private static async Task PostAsync(HostProcess host, JsonObject alert)
    {
        using var content = new StringContent(new JsonArray(alert).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/api/v2/alerts", content);
        Assert.True(response.IsSuccessStatusCode, $"the gateway answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The firing event of the alert named <paramref name="name"/> that started at <paramref name="start"/>.</summary>
    private static async Task<JsonElement> EventAsync(WebhookSink sink, string name, DateTimeOffset start)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (var e in sink.Events)
            {
                var alert = e.GetProperty("alert");
                if (alert.GetProperty("labels").GetProperty("alertname").GetString() == name && alert.GetProperty("status").GetString() == "firing"
                    && alert.GetProperty("startsAt").GetDateTimeOffset() == start)
                {
                    return e;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"no firing event for {name} started {start:O}");
            await Task.Delay(100);
        }
    }
}
