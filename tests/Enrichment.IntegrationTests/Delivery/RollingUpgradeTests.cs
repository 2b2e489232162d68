using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Enrichment.Contracts;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Notifier;
using Enrichment.Notifier.Webhook;
using MassTransit;

namespace Enrichment.IntegrationTests.Delivery;

/// <summary>
/// A rolling upgrade from the release whose workers published one <c>AlertEnriched</c> per alert, and whose notifiers read
/// only those from each target's queue, loses nothing in either order. The earlier release's side is a MassTransit bus set
/// up as that release set itself up on the wire: the same message type, queue name and arguments, the same mandatory
/// publish; the upgraded side is the real host, as processes.
/// </summary>
public class RollingUpgradeTests
{
    private static readonly TimeSpan Expiry = TimeSpan.FromDays(7);

    [Fact]
    public async Task Events_of_workers_not_yet_upgraded_and_of_upgraded_ones_all_reach_the_target_through_an_upgraded_notifier()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("upgrade-old-workers");
        await using var sink = await WebhookSink.StartAsync();
        var queue = WebhookNotifier.QueueNameFor(sink.Url);
        var common = Split(rabbit, sink);

        // A worker of the earlier release: declares the target's queue bound to AlertEnriched, publishes every event mandatory.
        var earlierWorker = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(rabbit));
            cfg.Publish<AlertEnriched>(p => p.BindQueue(p.Exchange.ExchangeName, queue, q => q.QueueExpiration = Expiry));
            cfg.ConfigurePublish(p => p.UseExecute(context =>
            {
                if (context.TryGetPayload<RabbitMqSendContext>(out var send))
                {
                    send.Mandatory = true;
                }
            }));
        });
        await earlierWorker.StartAsync();
        try
        {
            await earlierWorker.PublishBatch(Enumerable.Range(0, 40).Select(i => Event($"earlier-{i}")));
            // The upgraded notifier, and upgraded gateway and worker beside the earlier worker.
            await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier")));
            await using var upgraded = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway,worker")));
            await PostAsync(upgraded, Alerts.Webhook(60));
            await earlierWorker.PublishBatch(Enumerable.Range(40, 40).Select(i => Event($"earlier-{i}")));

            await sink.WaitForFingerprintsAsync(140, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await earlierWorker.StopAsync();
        }

        var fingerprints = sink.Fingerprints();
        Assert.Equal(140, fingerprints.Count);
        Assert.Equal(80, fingerprints.Count(f => f.StartsWith("earlier-", StringComparison.Ordinal)));
        await AssertNothingLeftAsync(rabbit, queue);
    }

    [Fact]
    public async Task Batches_of_upgraded_workers_never_reach_a_notifier_not_yet_upgraded_and_wait_for_an_upgraded_one()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("upgrade-old-notifier");
        await using var sink = await WebhookSink.StartAsync();
        var queue = WebhookNotifier.QueueNameFor(sink.Url);
        var common = Split(rabbit, sink);

        // A notifier of the earlier release: reads the target's queue, knows single events and incident updates only.
        var seenByEarlier = new ConcurrentBag<string>();
        var earlierNotifier = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(rabbit));
            cfg.ReceiveEndpoint(queue, endpoint =>
            {
                endpoint.QueueExpiration = Expiry;
                endpoint.Handler<AlertEnriched>(context =>
                {
                    seenByEarlier.Add(context.Message.Alert.Fingerprint);
                    return Task.CompletedTask;
                });
                endpoint.Handler<IncidentUpdated>(_ => Task.CompletedTask);
            });
        });
        await earlierNotifier.StartAsync();
        try
        {
            await using var upgraded = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway,worker")));
            await PostAsync(upgraded, Alerts.Webhook(100));
            // Enriched, and waiting in the batches queue, where the earlier notifier does not read.
            var batches = NotifierTargets.BatchesQueueOf(queue);
            var waiting = await BrokerQueues.WaitForEventsAsync(rabbit, batches, 100, TimeSpan.FromSeconds(60));
            Assert.True(waiting == 100, $"{waiting} events wait in {batches}. Log:\n{string.Join('\n', upgraded.StderrLines.TakeLast(20))}");

            // The notifier is upgraded (the earlier one still runs beside it for a while, as in a rolling update).
            await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier")));
            await sink.WaitForFingerprintsAsync(100, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await earlierNotifier.StopAsync();
        }

        Assert.Equal(100, sink.Fingerprints().Count);
        Assert.Empty(seenByEarlier);
        await AssertNothingLeftAsync(rabbit, queue);
    }

    /// <summary>No event stranded: nothing waits in the target's queues, nor was skipped or faulted.</summary>
    private static async Task AssertNothingLeftAsync(string rabbit, string queue)
    {
        var batches = NotifierTargets.BatchesQueueOf(queue);
        foreach (var name in new[] { queue, batches })
        {
            Assert.Equal(0u, await BrokerQueues.WaitForReadyAsync(rabbit, name, 0, TimeSpan.FromSeconds(10)));
            Assert.False(await BrokerQueues.ExistsAsync(rabbit, name + "_skipped"), $"{name}_skipped exists");
            Assert.False(await BrokerQueues.ExistsAsync(rabbit, name + "_error"), $"{name}_error exists");
        }
    }

    private static AlertEnriched Event(string fingerprint) => new()
    {
        Alert = new AlertData
        {
            Fingerprint = fingerprint,
            Status = "firing",
            Labels = new Dictionary<string, string> { ["alertname"] = "EarlierWorker", ["instance"] = fingerprint },
            Annotations = new Dictionary<string, string>(),
            StartsAt = DateTimeOffset.UtcNow,
        },
        Mode = "transparent",
        ReceivedAt = DateTimeOffset.UtcNow,
        EnrichedAt = DateTimeOffset.UtcNow,
    };

    private static Dictionary<string, string> Split(string rabbit, WebhookSink sink) => new()
    {
        ["RABBITMQ_URL"] = rabbit,
        ["REDIS_URL"] = TestServices.RedisUrl,
        ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("upgrade"),
        ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
    };

    private static async Task PostAsync(HostProcess gateway, string webhook)
    {
        using var response = await gateway.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
