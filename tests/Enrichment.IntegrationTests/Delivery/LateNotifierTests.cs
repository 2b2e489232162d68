using System.Net;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Notifier;
using Enrichment.Notifier.Webhook;
using Xunit.Abstractions;

namespace Enrichment.IntegrationTests.Delivery;

/// <summary>
/// Every accepted alert reaches every configured target whatever starts first: gateway and worker run,
/// alerts are accepted, and only then does the notifier start (a first deploy, a newly added target).
/// Real processes on a real RabbitMQ virtual host each.
/// </summary>
public class LateNotifierTests(ITestOutputHelper output)
{
    private const int PerRequest = 50;

    [Fact]
    public async Task Three_hundred_alerts_accepted_before_the_notifier_ever_started_all_reach_its_target()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("late-notifier");
        await using var sink = await WebhookSink.StartAsync();
        var common = Split(rabbit);
        // Workers get the notifiers' NOTIFIER_* settings, as the Helm chart's ConfigMap and the Compose file give them.
        var targets = Env.With(common, ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString()));
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        await using var worker = await HostProcess.StartAsync(Env.With(targets, ("ENRICHMENT_ROLES", "worker")));
        const int total = 300;

        for (var offset = 0; offset < total; offset += PerRequest)
        {
            await PostAsync(gateway, Alerts.Webhook(PerRequest, offset));
        }
        // Enriched and published while no notifier exists: they wait in the target's queue.
        var queue = NotifierTargets.BatchesQueueOf(WebhookNotifier.QueueNameFor(sink.Url));
        var waiting = await BrokerQueues.WaitForEventsAsync(rabbit, queue, total, TimeSpan.FromSeconds(60));
        Assert.True(waiting == total, $"{waiting} events wait in {queue}. Worker log:\n{string.Join('\n', worker.StderrLines.TakeLast(20))}");

        await using var notifier = await HostProcess.StartAsync(Env.With(targets, ("ENRICHMENT_ROLES", "notifier")));
        await sink.WaitForFingerprintsAsync(total, TimeSpan.FromSeconds(60));

        Assert.Equal(total, sink.Fingerprints().Count);
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"host-{i}:9100").ToHashSet(),
            sink.Events.Select(e => e.GetProperty("alert").GetProperty("labels").GetProperty("instance").GetString()!).ToHashSet());
        Assert.Equal(0, sink.RequestsWithoutContentLength);
        // The queue is bounded: RabbitMQ deletes it after NOTIFIER_QUEUE_EXPIRY (7 days) without consumer or declaration.
        var arguments = await BrokerQueues.ArgumentsAsync(rabbit, queue);
        Assert.Equal((long)TimeSpan.FromDays(7).TotalMilliseconds, arguments.GetProperty("x-expires").GetInt64());
        output.WriteLine($"late notifier: {total} alerts, {sink.Events.Count} events delivered, {sink.Events.Count - total} duplicates");
    }

    [Fact]
    public async Task A_worker_that_knows_no_target_fails_its_batch_into_the_error_queue_and_one_redrive_delivers_it()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("no-target");
        await using var sink = await WebhookSink.StartAsync();
        var common = Split(rabbit);
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        // No NOTIFIER_* on the worker, and no notifier yet: no queue receives the events.
        await using var worker = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        const int total = 20;

        await PostAsync(gateway, Alerts.Webhook(total));
        // The publish is mandatory, so RabbitMQ returns the events instead of dropping them; after its retries the ingest
        // message lands in the worker's error queue, its one request whole.
        var faulted = await BrokerQueues.WaitForReadyAsync(rabbit, "enrichment-alerts_error", 1, TimeSpan.FromSeconds(60));
        Assert.True(faulted == 1, $"{faulted} messages in enrichment-alerts_error. Worker log:\n{string.Join('\n', worker.StderrLines.TakeLast(20))}");
        Assert.Equal(0u, await BrokerQueues.ReadyAsync(rabbit, "enrichment-alerts"));
        Assert.Contains(worker.StderrLines, l => l.Contains("knows no notifier target", StringComparison.Ordinal));

        await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier"), ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString())));
        var redrive = await HostCommand.RunAsync(common, "redrive", "enrichment-alerts_error");
        await sink.WaitForFingerprintsAsync(total, TimeSpan.FromSeconds(60));

        Assert.True(redrive.ExitCode == 0, redrive.Output);
        Assert.Equal("Moved 1 messages from enrichment-alerts_error to enrichment-alerts.", redrive.Stdout.Trim());
        Assert.Equal(total, sink.Fingerprints().Count);
        Assert.Equal(0u, await BrokerQueues.ReadyAsync(rabbit, "enrichment-alerts_error"));
        output.WriteLine($"no target: {total} alerts, {sink.Events.Count} events delivered after the redrive, {sink.Events.Count - total} duplicates");
    }

    [Fact]
    public async Task A_target_queue_nobody_reads_expires_while_a_consumed_one_outlives_the_expiry()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("expiry");
        await using var kept = await WebhookSink.StartAsync();
        await using var removed = await WebhookSink.StartAsync();
        var common = Env.With(Split(rabbit), ("NOTIFIER_QUEUE_EXPIRY", "5s"));
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        // The worker still names a target the notifier no longer serves (removed from its configuration).
        await using var worker = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker"),
            ("NOTIFIER_WEBHOOK_URLS", $"{kept.Url},{removed.Url}")));
        await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier"), ("NOTIFIER_WEBHOOK_URLS", kept.Url.ToString())));
        var removedQueue = NotifierTargets.BatchesQueueOf(WebhookNotifier.QueueNameFor(removed.Url));

        await PostAsync(gateway, Alerts.Webhook(5));
        await kept.WaitForFingerprintsAsync(5, TimeSpan.FromSeconds(30));
        // Unread and not declared again, the removed target's queue is deleted with what it held.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Assert.True(await BrokerQueues.ExistsAsync(rabbit, removedQueue), "the worker did not declare the queue of a target it names");
        while (await BrokerQueues.ExistsAsync(rabbit, removedQueue) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.False(await BrokerQueues.ExistsAsync(rabbit, removedQueue));
        // The consumed queue has outlived its 5 s expiry: what is posted now still arrives.
        await PostAsync(gateway, Alerts.Webhook(5, offset: 5));
        await kept.WaitForFingerprintsAsync(10, TimeSpan.FromSeconds(30));

        Assert.Equal(10, kept.Fingerprints().Count);
        Assert.Equal(0, removed.Requests);
    }

    /// <summary>A split deployment's shared settings: the bus, and Redis for the mode (required on RabbitMQ).</summary>
    private static Dictionary<string, string> Split(string rabbit) => new()
    {
        ["RABBITMQ_URL"] = rabbit,
        ["REDIS_URL"] = TestServices.RedisUrl,
        ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("delivery"),
    };

    private static async Task PostAsync(HostProcess gateway, string webhook)
    {
        using var response = await gateway.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
