using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Alertmanager;

/// <summary>
/// The real Alertmanager as the webhook sender, the gateway as its receiver (on real RabbitMQ, with the
/// webhook notifier and a sink behind it): several groups, firing then resolved, group_wait and
/// group_interval of a second, label names that differ only in case. Every alert of every notification
/// comes out, both times, with both labels; Alertmanager counts no failed notification.
/// </summary>
public class AlertmanagerWebhookSenderTests
{
    private const int Groups = 3;
    private const int AlertsPerGroup = 4;

    [Fact]
    public async Task Alertmanager_delivers_every_alert_of_every_notification_through_the_gateway_case_sensitive_labels_included()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("amsender"),
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
            ["NOTIFIER_CONSOLE"] = "false",
        });
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync($$"""
            route:
              receiver: gateway
              group_by: ['group']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: gateway
                webhook_configs:
                  - url: {{new Uri(host.BaseAddress, "/webhook")}}
                    send_resolved: true
            """);
        var run = "ws" + Guid.NewGuid().ToString("N")[..8];
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);

        await AlertmanagerApi.PostAlertsAsync(alertmanager.Http, Alerts(run, startsAt, endsAt: null));
        var firing = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "run", run, found => found.Length == Groups * AlertsPerGroup, TimeSpan.FromSeconds(10));
        var fingerprints = firing.Select(a => a.GetProperty("fingerprint").GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Groups * AlertsPerGroup, fingerprints.Count);
        await WaitForAsync(() => Seen(sink, run, "firing").IsSupersetOf(fingerprints), TimeSpan.FromSeconds(30));
        Assert.Equal(fingerprints, Seen(sink, run, "firing"));

        await AlertmanagerApi.PostAlertsAsync(alertmanager.Http, Alerts(run, startsAt, endsAt: DateTimeOffset.UtcNow));
        await WaitForAsync(() => Seen(sink, run, "resolved").IsSupersetOf(fingerprints), TimeSpan.FromSeconds(30));
        Assert.Equal(fingerprints, Seen(sink, run, "resolved"));

        var delivered = sink.Events.Select(e => e.GetProperty("alert")).ToList();
        Assert.All(delivered, alert =>
        {
            var labels = alert.GetProperty("labels");
            Assert.Equal("prod", labels.GetProperty("env").GetString());
            Assert.Equal("staging", labels.GetProperty("Env").GetString());
            Assert.Equal("upper", labels.GetProperty("ENV").GetString());
        });
        var metrics = await alertmanager.Http.GetStringAsync("/metrics");
        Assert.True(PrometheusExposition.Sample(metrics, "alertmanager_notifications_total{integration=\"webhook\"}") >= Groups * 2,
            "Alertmanager sent fewer notifications than groups × (firing, resolved)");
        Assert.Equal(0, PrometheusExposition.Sample(metrics, "alertmanager_notifications_failed_total{integration=\"webhook\"}"));
    }

    private static JsonArray Alerts(string run, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var alerts = new JsonArray();
        for (var g = 0; g < Groups; g++)
        {
            for (var i = 0; i < AlertsPerGroup; i++)
            {
                var alert = new JsonObject
                {
                    ["labels"] = new JsonObject
                    {
                        ["alertname"] = "CaseSensitive", ["run"] = run, ["group"] = $"g{g}", ["instance"] = $"host-{i}",
                        ["env"] = "prod", ["Env"] = "staging", ["ENV"] = "upper",
                    },
                    ["annotations"] = new JsonObject { ["summary"] = $"alert {i} of group {g}", ["Summary"] = "a second annotation" },
                    ["startsAt"] = startsAt.ToString("O", CultureInfo.InvariantCulture),
                };
                if (endsAt is { } end)
                {
                    alert["endsAt"] = end.ToString("O", CultureInfo.InvariantCulture);
                }
                alerts.Add(alert);
            }
        }
        return alerts;
    }

    private static HashSet<string> Seen(WebhookSink sink, string run, string status) =>
        sink.Events.Select(e => e.GetProperty("alert"))
            .Where(a => a.GetProperty("status").GetString() == status && a.GetProperty("labels").GetProperty("run").GetString() == run)
            .Select(a => a.GetProperty("fingerprint").GetString()!).ToHashSet(StringComparer.Ordinal);

    private static async Task WaitForAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}
