using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Notifier.Webhook;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.IntegrationTests.Notifiers;

/// <summary>
/// <c>NOTIFIER_WEBHOOK_FORMAT=alertmanager</c> proven by difference against the real Alertmanager: the same alerts —
/// as the notifier shows them, AI labels included — are posted to a real Alertmanager whose webhook receiver is a
/// capturing sink, and handed to the webhook notifier, which posts to a second sink. The two bodies must agree in
/// every property name, type and nesting, and in every value Alertmanager computes from the alerts (status, common
/// labels and annotations, each alert's status, labels, annotations, times, generator URL). Where the notifier chose
/// differently on purpose (what Alertmanager takes from its routing tree and its own address; the source fingerprint
/// of an enriched alert), the test says so and checks the choice.
/// </summary>
public sealed class AlertmanagerWebhookFormatTests(AlertmanagerWebhookFormatTests.Receivers receivers) : IClassFixture<AlertmanagerWebhookFormatTests.Receivers>
{
    private static readonly string[] MapProperties = ["labels", "annotations", "groupLabels", "commonLabels", "commonAnnotations"];

    /// <summary>One Alertmanager and two sinks for every case: cases keep apart by a <c>case</c> label of their own.</summary>
    public sealed class Receivers : IAsyncLifetime
    {
        public WebhookSink FromAlertmanager { get; private set; } = null!;

        public WebhookSink FromNotifier { get; private set; } = null!;

        public MonitoringProcess Alertmanager { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            FromAlertmanager = await WebhookSink.StartAsync();
            FromNotifier = await WebhookSink.StartAsync();
            // The root route makes each alert its own group (group_by '...'), as the notifier does with one event per body;
            // batch="yes" alerts form one group per case, as the notifier's batches are one body.
            Alertmanager = await MonitoringProcess.StartAlertmanagerAsync($$"""
                route:
                  receiver: {{AlertmanagerWebhookMapper.Receiver}}
                  group_by: ['...']
                  group_wait: 2s
                  group_interval: 1h
                  repeat_interval: 1h
                  routes:
                    - receiver: {{AlertmanagerWebhookMapper.Receiver}}
                      matchers: ['batch="yes"']
                      group_by: ['case']
                receivers:
                  - name: {{AlertmanagerWebhookMapper.Receiver}}
                    webhook_configs:
                      - url: {{FromAlertmanager.Url}}
                        send_resolved: true
                """);
        }

        public async Task DisposeAsync()
        {
            await Alertmanager.DisposeAsync();
            await FromAlertmanager.DisposeAsync();
            await FromNotifier.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_batch_body_matches_alertmanagers_for_the_same_alerts()
    {
        var run = "b" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var shared = new[] { L("batch", "yes"), L("case", run), L("team", "db") };
        AlertEnriched Event(string instance, string mode, IEnumerable<KeyValuePair<string, string>> annotations, string status = AlertStatus.Firing,
            DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, string? generatorUrl = null)
        {
            var labels = shared.Append(L("instance", instance)).ToList();
            var alert = Alert("ReplicationLag", "warning", summary: "lag on " + instance, labels: labels, annotations: annotations, status: status,
                startsAt: startsAt ?? now, endsAt: endsAt, generatorUrl: generatorUrl);
            alert = alert with { Fingerprint = AlertFingerprint.Compute(alert.Labels) };
            return TestEvents.Of(alert, mode, mode == "transparent" ? null : TestEvents.Verdict);
        }
        var events = new[]
        {
            Event("db-1", "enriched", [L("runbook", "https://runbooks/lag"), L("owner", "ann")], generatorUrl: "http://prometheus:9090/graph?g0.expr=lag"),
            Event("db-2", "enriched", [L("runbook", "https://runbooks/lag"), L("owner", "bob")]),
            Event("db-3", "transparent", [L("runbook", "https://runbooks/lag"), L("note", "")]),
            Event("db-4", "transparent_with_recommendations", [L("runbook", "https://runbooks/lag")]),
            // Last: an alert that started long ago flushes its group at once, so every other alert must already be in it.
            Event("db-5", "enriched", [L("runbook", "https://runbooks/lag")], AlertStatus.Resolved, now.AddMinutes(-10), now.AddMinutes(-1)),
        };

        var (alertmanager, notifier) = await BothBodiesAsync(events, new AlertmanagerWebhookBody(alertPerGroup: false),
            body => body.GetProperty("commonLabels").TryGetProperty("case", out var c) && c.GetString() == run);

        Assert.Equal(Shape(alertmanager), Shape(notifier));
        foreach (var computed in new[] { "receiver", "status", "version", "truncatedAlerts", "commonLabels", "commonAnnotations" })
        {
            Assert.Equal(Text(alertmanager.GetProperty(computed)), Text(notifier.GetProperty(computed)));
        }
        Assert.Equal("firing", notifier.GetProperty("status").GetString());
        // Shared by all five; the AI labels are not, since db-3 and db-4 are shown without them.
        Assert.Equal(["alertname", "batch", "case", "severity", "team"], notifier.GetProperty("commonLabels").EnumerateObject().Select(p => p.Name));
        AssertSameAlerts(alertmanager, notifier, events);
        // Chosen, not computed: no routing tree here, so one batch is one group without group labels, and no UI address.
        Assert.Equal(run, alertmanager.GetProperty("groupLabels").GetProperty("case").GetString());
        Assert.Empty(notifier.GetProperty("groupLabels").EnumerateObject());
        Assert.Equal("{}:{}", notifier.GetProperty("groupKey").GetString());
        Assert.Equal("", notifier.GetProperty("externalURL").GetString());
    }

    [Fact]
    public async Task A_body_of_one_transparent_alert_is_alertmanagers_own_but_for_its_address()
    {
        var run = "t" + Guid.NewGuid().ToString("N")[..8];
        var alert = Alert("DiskFull", "critical", summary: "disk full on node-1", description: "97% used", labels: [L("case", run), L("instance", "node-1")],
            startsAt: DateTimeOffset.UtcNow, generatorUrl: "http://prometheus:9090/graph?g0.expr=disk");
        var transparent = TestEvents.Of(alert with { Fingerprint = AlertFingerprint.Compute(alert.Labels) }, "transparent", null);

        var (alertmanager, notifier) = await BothBodiesAsync([transparent], new AlertmanagerWebhookBody(alertPerGroup: true),
            body => body.GetProperty("commonLabels").TryGetProperty("case", out var c) && c.GetString() == run);

        Assert.Equal(Shape(alertmanager), Shape(notifier));
        var expected = JsonNode.Parse(alertmanager.GetRawText())!.AsObject();
        var actual = JsonNode.Parse(notifier.GetRawText())!.AsObject();
        // The one value chosen differently: Alertmanager's own address, for links into a UI this service does not have.
        expected.Remove("externalURL");
        Assert.Equal("", actual["externalURL"]!.GetValue<string>());
        actual.Remove("externalURL");
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Alertmanager sent\n{expected}\nthe notifier sent\n{actual}");
        Assert.StartsWith("{}:{alertname=\"DiskFull\", case=", notifier.GetProperty("groupKey").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_of_one_enriched_alert_differs_from_alertmanagers_only_where_chosen()
    {
        var run = "e" + Guid.NewGuid().ToString("N")[..8];
        var alert = Alert("DiskFull", "critical", summary: "disk full on node-2", labels: [L("case", run), L("instance", "node-2")], startsAt: DateTimeOffset.UtcNow);
        var enriched = TestEvents.Of(alert with { Fingerprint = AlertFingerprint.Compute(alert.Labels) }, "enriched", TestEvents.Verdict);

        var (alertmanager, notifier) = await BothBodiesAsync([enriched], new AlertmanagerWebhookBody(alertPerGroup: true),
            body => body.GetProperty("commonLabels").TryGetProperty("case", out var c) && c.GetString() == run);

        Assert.Equal(Shape(alertmanager), Shape(notifier));
        foreach (var computed in new[] { "receiver", "status", "version", "truncatedAlerts", "commonLabels", "commonAnnotations" })
        {
            Assert.Equal(Text(alertmanager.GetProperty(computed)), Text(notifier.GetProperty(computed)));
        }
        AssertSameAlerts(alertmanager, notifier, [enriched]);
        // Alertmanager groups by every label it was given (ai_* included); the notifier by the source alert's labels, so
        // that the group key is the same from firing to resolved whatever the mode shows.
        Assert.Contains("ai_severity", alertmanager.GetProperty("groupLabels").EnumerateObject().Select(p => p.Name));
        Assert.Equal(alert.Labels.Keys.Order(StringComparer.Ordinal), notifier.GetProperty("groupLabels").EnumerateObject().Select(p => p.Name));
        Assert.Equal("{}:" + GoLabelSet.Format(alert.Labels), notifier.GetProperty("groupKey").GetString());
    }

    /// <summary>Posts the alerts, as the notifier shows them, to Alertmanager, and the events to the notifier; returns both bodies.</summary>
    private async Task<(JsonElement Alertmanager, JsonElement Notifier)> BothBodiesAsync(IReadOnlyList<AlertEnriched> events, IWebhookBody body,
        Func<JsonElement, bool> ofThisCase)
    {
        var posted = new JsonArray();
        foreach (var shown in events.Select(e => AlertmanagerWebhookMapper.MapAlert(e)))
        {
            var alert = JsonNode.Parse(JsonSerializer.Serialize(shown, EnrichmentJson.Options))!.AsObject();
            // As Prometheus posts alerts: no status or fingerprint (Alertmanager derives them), no endsAt while firing.
            alert.Remove("status");
            alert.Remove("fingerprint");
            if (shown.Status == AlertStatus.Firing)
            {
                alert.Remove("endsAt");
            }
            if (shown.GeneratorUrl == "")
            {
                alert.Remove("generatorURL");
            }
            posted.Add(alert);
        }
        await AlertmanagerApi.PostAlertsAsync(receivers.Alertmanager.Http, posted);

        using var http = new HttpClient();
        var notifier = new BatchingWebhookNotifier(receivers.FromNotifier.Url, http, body, maxBatchSize: events.Count, concurrency: 1);
        Assert.Empty(await notifier.NotifyBatchAsync(events, default));

        var fromAlertmanager = await WaitForBodyAsync(receivers.FromAlertmanager, ofThisCase);
        var fromNotifier = await WaitForBodyAsync(receivers.FromNotifier, ofThisCase);
        Assert.Equal(0, receivers.FromNotifier.RequestsWithoutContentLength);
        return (fromAlertmanager, fromNotifier);
    }

    private async Task<JsonElement> WaitForBodyAsync(WebhookSink sink, Func<JsonElement, bool> ofThisCase)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var bodies = sink.Events.Where(ofThisCase).ToList();
            if (bodies.Count > 0)
            {
                return Assert.Single(bodies);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no webhook body for the case within 30 s; Alertmanager's log:\n{receivers.Alertmanager.Tail}");
    }

    /// <summary>
    /// Each alert equal to Alertmanager's in every property, matched by instance; the fingerprint too where Alertmanager's
    /// is the source's (an alert shown untouched). An alert shown with AI labels keeps its source fingerprint, where
    /// Alertmanager hashes the labels it was given: checked as such.
    /// </summary>
    private static void AssertSameAlerts(JsonElement alertmanager, JsonElement notifier, IReadOnlyList<AlertEnriched> events)
    {
        static string Instance(JsonElement alert) => alert.GetProperty("labels").GetProperty("instance").GetString()!;
        var expected = alertmanager.GetProperty("alerts").EnumerateArray().ToDictionary(Instance);
        var actual = notifier.GetProperty("alerts").EnumerateArray().ToDictionary(Instance);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var enriched in events)
        {
            var instance = enriched.Alert.Labels["instance"];
            var theirs = JsonNode.Parse(expected[instance].GetRawText())!.AsObject();
            var ours = JsonNode.Parse(actual[instance].GetRawText())!.AsObject();
            var shownLabels = AlertmanagerApi.Map(actual[instance], "labels");
            Assert.Equal(AlertFingerprint.Compute(shownLabels), theirs["fingerprint"]!.GetValue<string>());
            Assert.Equal(enriched.Alert.Fingerprint, ours["fingerprint"]!.GetValue<string>());
            theirs.Remove("fingerprint");
            ours.Remove("fingerprint");
            Assert.True(JsonNode.DeepEquals(theirs, ours), $"alert {instance}: Alertmanager sent\n{theirs}\nthe notifier sent\n{ours}");
        }
    }

    /// <summary>Property names, value kinds and nesting; label maps as "map of strings", their names being data.</summary>
    private static string Shape(JsonElement element, string? property = null) => element.ValueKind switch
    {
        JsonValueKind.Object when property is not null && MapProperties.Contains(property) =>
            element.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String) ? "map<string>" : "map<mixed>",
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + ":" + Shape(p.Value, p.Name))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(e => Shape(e)).Distinct()) + "]",
        _ => element.ValueKind.ToString(),
    };

    private static string Text(JsonElement element) => JsonNode.Parse(element.GetRawText())!.ToJsonString();
}
