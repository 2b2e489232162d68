using System.Globalization;
using System.Net;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Notifier;
using Enrichment.Notifier.Webhook;

namespace Enrichment.IntegrationTests.Delivery;

/// <summary>
/// A webhook that refuses events with a 4xx: they go to the target's error queue at once (no retries),
/// and after the receiver is fixed one documented command delivers them.
/// </summary>
public class ErrorQueueRedriveTests
{
    [Fact]
    public async Task Events_a_webhook_refused_with_400_go_straight_to_its_error_queue_and_a_redrive_delivers_them_once_it_is_fixed()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("redrive");
        await using var sink = await WebhookSink.StartAsync();
        sink.FailWith = 400;
        var broker = new Dictionary<string, string> { ["RABBITMQ_URL"] = rabbit };
        // Retries would take 1 + 2 + 4 + 8 + 16 s per event before the error queue: a 4xx must skip them.
        await using var host = await HostProcess.StartAsync(Env.With(broker, ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString()),
            ("NOTIFIER_RETRY_LIMIT", "5"), ("NOTIFIER_RETRY_MIN_DELAY", "1s"), ("NOTIFIER_RETRY_MAX_DELAY", "16s")));
        var errorQueue = NotifierTargets.BatchesQueueOf(WebhookNotifier.QueueNameFor(sink.Url)) + "_error";
        const int total = 10;

        using (var response = await host.Http.PostAsync("/webhook", new StringContent(Alerts.Webhook(total), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var faulted = await BrokerQueues.WaitForReadyAsync(rabbit, errorQueue, total, TimeSpan.FromSeconds(60));
        Assert.Equal((uint)total, faulted);
        Assert.True(sink.Requests == total, $"{sink.Requests} requests for {total} events");
        Assert.Empty(sink.Events);

        // The receiver is fixed; one command re-drives what it refused.
        sink.FailWith = null;
        var redrive = await HostCommand.RunAsync(broker, "redrive", errorQueue);
        await sink.WaitForFingerprintsAsync(total, TimeSpan.FromSeconds(30));

        Assert.True(redrive.ExitCode == 0, redrive.Output);
        Assert.Equal($"Moved {total} messages from {errorQueue} to {errorQueue[..^"_error".Length]}.", redrive.Stdout.Trim());
        Assert.Equal(total, sink.Fingerprints().Count);
        Assert.Equal(0u, await BrokerQueues.ReadyAsync(rabbit, errorQueue));
        var metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Equal(total, Counter(metrics, "failure"));
        Assert.Equal(total, Counter(metrics, "success"));
    }

    [Fact]
    public async Task Redrive_refuses_a_queue_that_does_not_exist_and_names_it()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("redrive-missing");

        var result = await HostCommand.RunAsync(new Dictionary<string, string> { ["RABBITMQ_URL"] = rabbit }, "redrive", "enrichment-notify-webhook-0000000000_error");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("enrichment-notify-webhook-0000000000_error", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("guest", result.Output, StringComparison.Ordinal);
    }

    private static double Counter(string metrics, string outcome)
    {
        var prefix = $"enrichment_notifications_total{{notifier=\"webhook\",outcome=\"{outcome}\"}} ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
