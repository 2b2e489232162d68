using System.Text.Json;
using System.Text.Json.Nodes;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Builds realistic Alertmanager payloads.</summary>
public static class Alerts
{
    private static readonly (string Name, string Severity, string Summary)[] Rules =
    [
        ("PostgresqlDown", "critical", "Postgresql down"),
        ("HostHighCpuLoad", "warning", "Host high CPU load"),
        ("KubernetesPodCrashLooping", "warning", "Kubernetes pod crash looping"),
        ("RabbitmqTooManyUnackMessages", "warning", "RabbitMQ too many unack messages"),
        ("SslCertificateExpiry", "critical", "SSL certificate expires soon"),
    ];

    /// <summary>A webhook (version 4) with <paramref name="count"/> distinct alerts; <paramref name="offset"/> keeps them distinct across calls.</summary>
    public static string Webhook(int count, int offset = 0, string status = "firing")
    {
        var alerts = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var (name, severity, summary) = Rules[(offset + i) % Rules.Length];
            alerts.Add(new JsonObject
            {
                ["status"] = status,
                ["labels"] = new JsonObject
                {
                    ["alertname"] = name, ["severity"] = severity, ["job"] = "node", ["instance"] = $"host-{offset + i}:9100",
                },
                ["annotations"] = new JsonObject { ["summary"] = $"{summary} on host-{offset + i}", ["description"] = $"{summary}: value is {offset + i}" },
                ["startsAt"] = "2026-11-25T08:00:00Z",
                ["endsAt"] = status == "resolved" ? "2026-11-25T09:00:00Z" : "0001-01-01T00:00:00Z",
                ["generatorURL"] = $"http://prometheus:9090/graph?g0.expr={name}",
            });
        }
        var payload = new JsonObject
        {
            ["version"] = "4", ["groupKey"] = "{}:{}", ["truncatedAlerts"] = 0, ["status"] = status, ["receiver"] = "enrichment",
            ["groupLabels"] = new JsonObject(), ["commonLabels"] = new JsonObject(), ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager:9093", ["alerts"] = alerts,
        };
        return payload.ToJsonString();
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>
    /// An alert storm as a webhook: <paramref name="count"/> alerts of <paramref name="rules"/> rules
    /// (taken in turn) firing on as many hosts, host numbers starting at <paramref name="offset"/>. The
    /// alerts of one rule differ only in volatile labels and in digits of their text: one signature per rule.
    /// </summary>
    public static string Storm(int count, int rules, int offset)
    {
        var alerts = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var host = offset + i;
            var rule = $"StormRule{(char)('A' + host % rules / 26)}{(char)('a' + host % rules % 26)}";
            alerts.Add(new JsonObject
            {
                ["status"] = "firing",
                ["labels"] = new JsonObject
                {
                    ["alertname"] = rule, ["severity"] = "warning", ["job"] = "node", ["instance"] = $"host-{host}:9100",
                    ["pod"] = $"api-{host}", ["node"] = $"node-{host % 7}",
                },
                ["annotations"] = new JsonObject { ["summary"] = $"{rule} on host-{host}", ["description"] = $"value is {host * 3}% over 5m" },
                ["startsAt"] = "2026-11-25T08:00:00Z",
                ["endsAt"] = "0001-01-01T00:00:00Z",
            });
        }
        var payload = new JsonObject
        {
            ["version"] = "4", ["groupKey"] = "{}:{}", ["truncatedAlerts"] = 0, ["status"] = "firing", ["receiver"] = "enrichment",
            ["groupLabels"] = new JsonObject(), ["commonLabels"] = new JsonObject(), ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager:9093", ["alerts"] = alerts,
        };
        return payload.ToJsonString();
    }
}
