using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Pipeline;

/// <summary>Gateway, two workers and a notifier as four processes on one real RabbitMQ and Redis.</summary>
public class DistributedPipelineTests
{
    [Fact]
    public async Task Two_thousand_alerts_reach_the_webhook_sink_enriched_through_four_processes()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("distributed");
        var common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("distributed"),
        };
        await using var sink = await WebhookSink.StartAsync();
        await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier"), ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString())));
        await using var worker1 = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        await using var worker2 = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));

        var put = await gateway.Http.PutAsync("/api/v1/enrichment/mode", new StringContent("""{"mode":"enriched"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("redis", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("source").GetString());
        // Each worker's next batch uses the mode its readiness reports.
        await worker1.WaitForModeAsync("enriched", TimeSpan.FromSeconds(30));
        await worker2.WaitForModeAsync("enriched", TimeSpan.FromSeconds(30));

        const int requests = 40, perRequest = 50;
        using var throttle = new SemaphoreSlim(4);
        var posts = Enumerable.Range(0, requests).Select(async r =>
        {
            await throttle.WaitAsync();
            try
            {
                using var content = new StringContent(Alerts.Webhook(perRequest, offset: r * perRequest), Encoding.UTF8, "application/json");
                using var response = await gateway.Http.PostAsync("/webhook", content);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            finally
            {
                throttle.Release();
            }
        });
        await Task.WhenAll(posts);

        await sink.WaitForFingerprintsAsync(requests * perRequest, TimeSpan.FromSeconds(120));
        Assert.Equal(requests * perRequest, sink.Fingerprints().Count);
        Assert.All(sink.Events, e =>
        {
            Assert.Equal("enriched", e.GetProperty("mode").GetString());
            Assert.Equal("rules", e.GetProperty("classification").GetProperty("source").GetString());
        });
        // Competing consumers: both workers took part.
        Assert.True(await EnrichedCountAsync(worker1) > 0, "worker 1 enriched nothing");
        Assert.True(await EnrichedCountAsync(worker2) > 0, "worker 2 enriched nothing");
    }


    private static async Task<double> EnrichedCountAsync(HostProcess worker)
    {
        var metrics = await worker.Http.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(l => l.StartsWith("enrichment_alerts_enriched_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
