using System.Globalization;
using Enrichment.Contracts;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Notifier;
using Enrichment.Notifier.Alertmanager;
using MassTransit;

namespace Enrichment.IntegrationTests.Alertmanager;

/// <summary>
/// The real Alertmanager answers 400 to a request with one invalid alert, yet stores the valid ones. The
/// notifier must then fault that alert alone: the others are delivered, not sent to the error queue nor
/// counted as failures.
/// </summary>
public class AlertmanagerPartialRejectionTests
{
    private const string Config = """
        route:
          receiver: blackhole
        receivers:
          - name: blackhole
        """;

    private const int Total = 10;
    private const int Invalid = 6;

    [Fact]
    public async Task One_invalid_alert_in_a_batch_is_the_only_one_rejected_and_Alertmanager_keeps_the_others()
    {
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(Config);
        using var http = new HttpClient();
        var notifier = new AlertmanagerNotifier(alertmanager.BaseAddress, http, TimeSpan.FromHours(1), 64, TimeProvider.System);
        var run = Guid.NewGuid().ToString("N")[..12];

        var rejected = await notifier.NotifyBatchAsync(Events(run), default);

        var refusal = Assert.Single(rejected);
        Assert.Equal(Invalid, refusal.Index);
        Assert.Contains("400", refusal.Reason, StringComparison.Ordinal);
        var stored = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "run", run, a => a.Length >= Total - 1, TimeSpan.FromSeconds(10));
        Assert.Equal(Expected(run), stored.Select(a => a.GetProperty("labels").GetProperty("instance").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task Through_the_notifier_role_only_the_invalid_alert_reaches_the_error_queue_and_counts_as_failed()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("am-partial");
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(Config);
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["ENRICHMENT_ROLES"] = "notifier",
            ["NOTIFIER_ALERTMANAGER_URL"] = alertmanager.BaseAddress.ToString(),
        });
        var run = Guid.NewGuid().ToString("N")[..12];
        var events = Events(run);

        // Published as a worker does, in one message, so that the notifier's batch holds the invalid alert among valid ones.
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(rabbit)));
        await bus.StartAsync();
        try
        {
            await bus.Publish(new AlertsEnriched { Events = events });
        }
        finally
        {
            await bus.StopAsync();
        }

        var errorQueue = NotifierTargets.BatchesQueueOf(AlertmanagerNotifier.QueueNameFor(alertmanager.BaseAddress)) + "_error";
        Assert.Equal(1u, await BrokerQueues.WaitForReadyAsync(rabbit, errorQueue, 1, TimeSpan.FromSeconds(30)));
        var stored = await AlertmanagerApi.WaitForAsync(alertmanager.Http, "run", run, a => a.Length >= Total - 1, TimeSpan.FromSeconds(30));
        Assert.Equal(Expected(run), stored.Select(a => a.GetProperty("labels").GetProperty("instance").GetString()!).ToHashSet());
        var faulted = Assert.Single(await BrokerQueues.PeekAsync(rabbit, errorQueue));
        Assert.Equal(events[Invalid].Alert.Fingerprint, faulted.GetProperty("message").GetProperty("alert").GetProperty("fingerprint").GetString());
        // Counted right after the move to the error queue: wait for the count rather than race it.
        var metrics = await host.Http.GetStringAsync("/metrics");
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !metrics.Contains("outcome=\"failure\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            metrics = await host.Http.GetStringAsync("/metrics");
        }
        Assert.Equal(Total - 1, Counter(metrics, "success"));
        Assert.Equal(1, Counter(metrics, "failure"));
    }

    /// <summary>Ten firing alerts of one run; the seventh has a label name Alertmanager refuses.</summary>
    private static AlertEnriched[] Events(string run) => Enumerable.Range(0, Total).Select(i => new AlertEnriched
    {
        Alert = new AlertData
        {
            Fingerprint = $"{run}{i:x4}",
            Status = "firing",
            Labels = i == Invalid
                ? new Dictionary<string, string> { ["alertname"] = "DiskFull", ["run"] = run, ["instance"] = $"host-{i}", ["bad-label"] = "x" }
                : new Dictionary<string, string> { ["alertname"] = "DiskFull", ["run"] = run, ["instance"] = $"host-{i}" },
            Annotations = new Dictionary<string, string> { ["summary"] = $"Disk full on host-{i}" },
            StartsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        },
        Mode = "transparent",
        ReceivedAt = DateTimeOffset.UtcNow,
        EnrichedAt = DateTimeOffset.UtcNow,
    }).ToArray();

    private static HashSet<string> Expected(string run) =>
        Enumerable.Range(0, Total).Where(i => i != Invalid).Select(i => $"host-{i}").ToHashSet();

    private static double Counter(string metrics, string outcome)
    {
        var prefix = $"enrichment_notifications_total{{notifier=\"alertmanager\",outcome=\"{outcome}\"}} ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
