using System.Net;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Enrichment.IntegrationTests.Faults;

/// <summary>
/// At-least-once from the gateway's 202 to the notifier, held while parts fail. Assertions count
/// delivered fingerprints, not the absence of exceptions; duplicates are reported.
/// </summary>
[Collection(FaultsCollection.Name)]
public class DeliveryUnderFaultsTests(ITestOutputHelper output)
{
    private const int PerRequest = 25;

    [Fact]
    public async Task Three_thousand_alerts_streamed_while_rabbitmq_restarts_all_arrive()
    {
        var rabbit = await FaultBroker.CreateVirtualHostAsync("restart");
        await using var sink = await WebhookSink.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit, ["GATEWAY_PUBLISH_TIMEOUT"] = "2s",
            // Split roles share the mode through Redis (they refuse to start without it).
            ["REDIS_URL"] = TestServices.RedisUrl, ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("restart"),
        };
        await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier"), ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString())));
        await using var worker = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        var sender = new AlertmanagerLikeSender(gateway.Http);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        const int total = 3000;
        var unavailableSeen = 0;

        var stream = Task.Run(async () =>
        {
            for (var offset = 0; offset < total; offset += PerRequest)
            {
                await sender.SendAsync(Alerts.Webhook(PerRequest, offset), PerRequest, deadline.Token);
                // Paced like a busy Alertmanager, so that the stream is still running when the broker stops.
                await Task.Delay(20, deadline.Token);
            }
        });
        while (sender.Accepted < total / 3)
        {
            await Task.Delay(20);
        }
        await FaultBroker.StopAsync();
        try
        {
            // While the broker is away the gateway must say 503 (retry), never 202 and never 4xx.
            using var probe = await gateway.Http.PostAsync("/webhook", new StringContent(Alerts.Webhook(1, offset: 900_000), System.Text.Encoding.UTF8, "application/json"));
            unavailableSeen = (int)probe.StatusCode;
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await FaultBroker.StartAsync();
        }
        await stream;
        await sink.WaitForFingerprintsAsync(total, TimeSpan.FromMinutes(2));

        var delivered = sink.Fingerprints();
        var expected = Enumerable.Range(0, total).Select(i => Fingerprint(i)).ToHashSet();
        Assert.Equal(503, unavailableSeen);
        Assert.Equal(0, sender.Dropped);
        Assert.True(sender.Retries > 0, "the sender never had to retry: the broker restart did not bite");
        var missing = expected.Except(delivered).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} alerts missing. Worker log:\n{string.Join('\n', worker.StderrLines.TakeLast(40))}\nNotifier log:\n{string.Join('\n', notifier.StderrLines.TakeLast(20))}");
        output.WriteLine($"rabbitmq restart: {total} alerts, {sender.Retries} sender retries, {sink.Events.Count} events delivered, {sink.Events.Count - delivered.Count} duplicates");
    }

    [Fact]
    public async Task Four_thousand_alerts_streamed_while_a_worker_is_killed_all_arrive()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("sigkill");
        await using var sink = await WebhookSink.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["REDIS_URL"] = TestServices.RedisUrl, ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("sigkill"),
        };
        await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier"), ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString())));
        await using var victim = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        await using var survivor = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        var sender = new AlertmanagerLikeSender(gateway.Http);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        const int total = 4000;

        var stream = Task.Run(async () =>
        {
            for (var offset = 0; offset < total; offset += PerRequest)
            {
                await sender.SendAsync(Alerts.Webhook(PerRequest, offset), PerRequest, deadline.Token);
            }
        });
        while (sender.Accepted < total / 3)
        {
            await Task.Delay(10);
        }
        victim.Kill();
        await stream;
        await sink.WaitForFingerprintsAsync(total, TimeSpan.FromMinutes(2));

        var delivered = sink.Fingerprints();
        Assert.True(victim.HasExited);
        Assert.Equal(0, sender.Dropped);
        Assert.Empty(Enumerable.Range(0, total).Select(i => Fingerprint(i)).Except(delivered));
        output.WriteLine($"worker SIGKILL: {total} alerts, {sink.Events.Count} events delivered, {sink.Events.Count - delivered.Count} duplicates");
    }

    [Fact]
    public async Task A_dead_webhook_target_retries_into_its_error_queue_without_holding_up_the_others()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("deadtarget");
        await using var healthy = await WebhookSink.StartAsync();
        await using var broken = await WebhookSink.StartAsync();
        broken.FailWith = 500;
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["NOTIFIER_WEBHOOK_URLS"] = $"{broken.Url},{healthy.Url}",
            ["NOTIFIER_RETRY_LIMIT"] = "2",
            ["NOTIFIER_RETRY_MIN_DELAY"] = "100ms",
            ["NOTIFIER_RETRY_MAX_DELAY"] = "200ms",
        });
        const int total = 50;

        using var response = await host.Http.PostAsync("/webhook", new StringContent(Alerts.Webhook(total), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await healthy.WaitForFingerprintsAsync(total, TimeSpan.FromSeconds(30));
        var errorQueue = await WaitForErrorQueueAsync(rabbit, total);

        Assert.Equal(total, healthy.Fingerprints().Count);
        Assert.Empty(broken.Events);
        Assert.True(broken.Requests >= total * 3, $"expected {total} × (1 + 2 retries) attempts, saw {broken.Requests}");
        Assert.Equal(total, errorQueue.Messages);
        Assert.StartsWith("enrichment-notify-webhook-", errorQueue.Name, StringComparison.Ordinal);
        var metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Contains("enrichment_notifications_total{notifier=\"webhook\",outcome=\"failure\"}", metrics, StringComparison.Ordinal);
    }

    private static async Task<(string Name, long Messages)> WaitForErrorQueueAsync(string amqpUrl, int expected)
    {
        var vhost = Uri.EscapeDataString(new Uri(amqpUrl).AbsolutePath.TrimStart('/'));
        var management = TestServices.RabbitMqManagement;
        using var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        (string, long) found = ("", 0);
        for (var i = 0; i < 150 && found.Item2 < expected; i++)
        {
            await Task.Delay(200);
            var queues = JsonDocument.Parse(await http.GetStringAsync($"/api/queues/{vhost}")).RootElement;
            foreach (var queue in queues.EnumerateArray())
            {
                var name = queue.GetProperty("name").GetString()!;
                if (name.EndsWith("_error", StringComparison.Ordinal) && queue.TryGetProperty("messages", out var messages))
                {
                    found = (name, messages.GetInt64());
                }
            }
        }
        return found;
    }

    private static string Fingerprint(int index)
    {
        // Alerts.Webhook labels alert i with instance host-i; the fingerprint is computed the same way the gateway does.
        var payload = Alerts.Parse(Alerts.Webhook(1, index)).GetProperty("alerts")[0].GetProperty("labels");
        var labels = payload.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return Enrichment.Core.Alerts.AlertFingerprint.Compute(labels);
    }

}
