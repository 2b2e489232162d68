using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Notifier;
using Enrichment.Notifier.Webhook;

namespace Enrichment.IntegrationTests.Notifiers;

/// <summary>
/// Webhook batches and the Alertmanager body through the whole pipeline (gateway, worker, notifier on real RabbitMQ)
/// to a receiver that, like the simple ones users run, reads only <c>Content-Length</c> bytes.
/// </summary>
public class WebhookBatchDeliveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Batches_of_at_most_n_events_survive_a_5xx_and_a_4xx_refuses_its_batch_for_good()
    {
        const int batchSize = 25;
        const int total = 100;
        const int refusedTotal = 10;
        var rabbit = await TestServices.CreateVirtualHostAsync("hookbatch");
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
            ["NOTIFIER_WEBHOOK_BATCH_SIZE"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NOTIFIER_CONSOLE"] = "false",
            ["NOTIFIER_RETRY_LIMIT"] = "20",
            ["NOTIFIER_RETRY_MIN_DELAY"] = "200ms",
            ["NOTIFIER_RETRY_MAX_DELAY"] = "1s",
        });

        // The receiver is down (503) when the alerts come: the batches are retried until it is back.
        sink.FailWith = 503;
        await PostAsync(host, Alerts.Webhook(total));
        await WaitForAsync(() => sink.Requests >= 2, "the notifier never tried the failing receiver");
        sink.FailWith = null;
        await WaitForAsync(() => Fingerprints(sink).Count >= total, "not every alert reached the receiver after it recovered");

        Assert.Equal(total, Fingerprints(sink).Count);
        Assert.Equal(0, sink.RequestsWithoutContentLength);
        var sizes = sink.Events.Select(body => body.ValueKind == JsonValueKind.Array ? body.GetArrayLength() : -1).ToList();
        Assert.All(sizes, size => Assert.InRange(size, 1, batchSize));
        Assert.True(sizes.Max() > 1, $"every POST carried one event: no batching happened ({string.Join(",", sizes)})");

        // A 4xx is the receiver refusing the batch for good: its events go to the error queue without retries.
        var delivered = sink.Events.Count;
        var requestsBefore = sink.Requests;
        sink.FailWith = 400;
        await PostAsync(host, Alerts.Webhook(refusedTotal, offset: total));
        var errorQueue = NotifierTargets.BatchesQueueOf(WebhookNotifier.QueueNameFor(sink.Url)) + "_error";
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + Deadline;
        while (refused.Count < refusedTotal && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            // The error queue is declared with the first fault.
            if (await BrokerQueues.ReadyAsync(rabbit, errorQueue) is null)
            {
                continue;
            }
            refused = (await BrokerQueues.PeekAsync(rabbit, errorQueue)).SelectMany(AlertFingerprintsIn).ToHashSet(StringComparer.Ordinal);
        }
        Assert.Equal(refusedTotal, refused.Count);
        Assert.Equal(delivered, sink.Events.Count);
        // Each refused POST was tried once: ten events make at most ten batches, never the 21 attempts a retry would make.
        Assert.InRange(sink.Requests - requestsBefore, 1, refusedTotal);
    }

    [Fact]
    public async Task The_alertmanager_format_posts_one_alert_per_body_with_the_ai_labels()
    {
        const int total = 12;
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("hookam"),
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
            ["NOTIFIER_WEBHOOK_FORMAT"] = "alertmanager",
            ["ENRICHMENT_MODE"] = "enriched",
            ["NOTIFIER_CONSOLE"] = "false",
        });

        await PostAsync(host, Alerts.Webhook(total));
        await WaitForAsync(() => sink.Events.Count >= total, "not every alert reached the receiver");

        Assert.Equal(total, sink.Events.Count);
        Assert.Equal(0, sink.RequestsWithoutContentLength);
        Assert.Empty(sink.IncidentUpdates);
        var instances = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in sink.Events)
        {
            Assert.Equal("4", body.GetProperty("version").GetString());
            Assert.Equal("enrichment", body.GetProperty("receiver").GetString());
            var alert = Assert.Single(body.GetProperty("alerts").EnumerateArray());
            var labels = alert.GetProperty("labels");
            instances.Add(labels.GetProperty("instance").GetString()!);
            Assert.True(labels.TryGetProperty("ai_severity", out _), $"no ai_severity label in {alert}");
            Assert.True(alert.GetProperty("annotations").TryGetProperty("ai_summary", out _), $"no ai_summary annotation in {alert}");
            Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());
            // Its own group, keyed by the source alert's labels as Alertmanager writes a group key.
            Assert.StartsWith("{}:{alertname=", body.GetProperty("groupKey").GetString(), StringComparison.Ordinal);
            Assert.False(body.GetProperty("groupLabels").TryGetProperty("ai_severity", out _));
        }
        Assert.Equal(total, instances.Count);
    }

    private static async Task PostAsync(HostProcess host, string webhook)
    {
        using var response = await host.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static HashSet<string> Fingerprints(WebhookSink sink) =>
        sink.Events.Where(b => b.ValueKind == JsonValueKind.Array).SelectMany(b => b.EnumerateArray())
            .Select(e => e.GetProperty("alert").GetProperty("fingerprint").GetString()!).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every <c>alert.fingerprint</c> in a message body, whatever envelope carries the events.</summary>
    private static IEnumerable<string> AlertFingerprintsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "alert" && p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("fingerprint", out var fingerprint)
                ? [fingerprint.GetString()!]
                : AlertFingerprintsIn(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(AlertFingerprintsIn),
        _ => [],
    };

    private static async Task WaitForAsync(Func<bool> done, string failure)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(done(), failure);
    }
}
