using System.Globalization;
using System.Text.Json;
using Enrichment.Core.Alertmanager;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Alertmanager;

/// <summary>
/// amtool, Alertmanager's own command-line client (a go-swagger generated client that takes only the
/// statuses the API spec lists), pointed at the gateway as a user would: every combination of its
/// <c>alert add</c> flags exits 0, and each alert comes out of the pipeline (real RabbitMQ, webhook notifier)
/// as <c>amtool alert query -o json</c> shows the same command's alert on a real Alertmanager.
/// </summary>
public class AmtoolTests
{
    private const string AlertmanagerConfig = """
        route:
          receiver: blackhole
        receivers:
          - name: blackhole
        """;

    [Fact]
    public async Task Alert_add_pointed_at_the_gateway_exits_0_and_its_alert_comes_out_as_Alertmanager_shows_it()
    {
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(AlertmanagerConfig);
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("amtool"),
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
            ["NOTIFIER_CONSOLE"] = "false",
        });
        var run = "at" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var past = Rfc3339Text(now.AddMinutes(-30));
        var future = Rfc3339Text(now.AddHours(2));
        string[][] combinations =
        [
            ["AmtoolBare"],
            ["AmtoolLabels", "severity=warning", "instance=db-1:9187"],
            ["alertname=AmtoolExplicit", "env=prod", "Env=staging"],
            ["AmtoolAnnotated", "team=db", "--annotation=summary=Disk 91% full", "--annotation=description=sda1 on db-1"],
            ["AmtoolStarted", "--start=" + past],
            ["AmtoolEnding", "--end=" + future],
            ["AmtoolEverything", "severity=critical", "--start=" + past, "--end=" + future, "--generator-url=http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200", "--annotation=runbook=https://runbooks/x"],
            ["AmtoolEmptyLabel", "dropped=", "kept=yes"],
            ["AmtoolUnicode", "place=Zürich 中文", "--annotation=summary=🚀 rocket, 100%"],
        ];

        var windows = new Dictionary<string, (DateTimeOffset Before, DateTimeOffset After)>(StringComparer.Ordinal);
        for (var i = 0; i < combinations.Length; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            string[] arguments = ["alert", "add", .. combinations[i], $"amtool_run={run}", $"amtool_case={id}"];
            var before = DateTimeOffset.UtcNow;
            var gateway = await ExternalTool.RunAsync("amtool", [.. arguments, $"--alertmanager.url={host.BaseAddress}"]);
            windows[id] = (before, DateTimeOffset.UtcNow);
            var reference = await ExternalTool.RunAsync("amtool", [.. arguments, $"--alertmanager.url={alertmanager.BaseAddress}"]);
            Assert.True(gateway.ExitCode == 0, $"amtool {string.Join(' ', combinations[i])} against the gateway exited {gateway.ExitCode}: {gateway.Output}");
            Assert.True(reference.ExitCode == 0, $"amtool against Alertmanager exited {reference.ExitCode}: {reference.Output}");
        }

        var query = await ExternalTool.RunAsync("amtool", ["alert", "query", "-o", "json", $"--alertmanager.url={alertmanager.BaseAddress}", $"amtool_run={run}"]);
        Assert.True(query.ExitCode == 0, query.Output);
        var shown = JsonDocument.Parse(query.Stdout).RootElement.EnumerateArray()
            .ToDictionary(a => a.GetProperty("labels").GetProperty("amtool_case").GetString()!, a => a.Clone());
        Assert.Equal(combinations.Length, shown.Count);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sink.Events.Count < combinations.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var delivered = sink.Events.Select(e => e.GetProperty("alert")).ToList();
        Assert.Equal(combinations.Length, delivered.Count);

        foreach (var alert in delivered)
        {
            var id = alert.GetProperty("labels").GetProperty("amtool_case").GetString()!;
            var expected = shown[id];
            Assert.Equal(Map(expected, "labels"), Map(alert, "labels"));
            Assert.Equal(Map(expected, "annotations"), Map(alert, "annotations"));
            Assert.Equal(expected.GetProperty("fingerprint").GetString(), alert.GetProperty("fingerprint").GetString());
            Assert.Equal(expected.TryGetProperty("generatorURL", out var url) ? url.GetString() : null, alert.GetProperty("generatorURL").GetString());
            Assert.Equal("firing", alert.GetProperty("status").GetString());
            var startsAt = alert.GetProperty("startsAt").GetDateTimeOffset();
            var args = combinations[int.Parse(id, CultureInfo.InvariantCulture)];
            if (args.Any(a => a.StartsWith("--start=", StringComparison.Ordinal)))
            {
                Assert.Equal(Time(expected, "startsAt"), startsAt);
            }
            else if (args.Any(a => a.StartsWith("--end=", StringComparison.Ordinal)))
            {
                // amtool sends Go's zero time for a start not given; Alertmanager then starts the alert at its end.
                Assert.Equal(Time(expected, "startsAt"), startsAt);
                Assert.Equal(Time(expected, "endsAt"), startsAt);
            }
            else
            {
                Assert.InRange(startsAt, windows[id].Before.AddMilliseconds(-2), windows[id].After.AddMilliseconds(2));
            }
            if (args.Any(a => a.StartsWith("--end=", StringComparison.Ordinal)))
            {
                Assert.Equal(Time(expected, "endsAt"), alert.GetProperty("endsAt").GetDateTimeOffset());
            }
            else
            {
                // No end given: Alertmanager's own is updatedAt + resolve_timeout; the gateway keeps none.
                Assert.Equal(JsonValueKind.Null, alert.GetProperty("endsAt").ValueKind);
                Assert.Equal(TimeSpan.FromMinutes(5), Time(expected, "endsAt") - Time(expected, "updatedAt"));
            }
        }
        Assert.Contains(delivered, a => Map(a, "labels").ContainsKey("env") && Map(a, "labels").ContainsKey("Env"));
    }

    private static string Rfc3339Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonElement alert, string property) =>
        Rfc3339.TryParse(alert.GetProperty(property).GetString()!, out var value) == Rfc3339.Outcome.Valid ? value : throw new FormatException(alert.GetProperty(property).ToString());

    private static Dictionary<string, string> Map(JsonElement alert, string property) =>
        alert.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
}
