using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Faults;

/// <summary>Redis away: classification goes on, the mode stays at its last known value, readiness says degraded.</summary>
[Collection(FaultsCollection.Name)]
public class RedisOutageTests
{
    [Fact]
    public async Task Alerts_keep_flowing_in_the_last_known_mode_while_redis_is_down_and_everything_resumes_after()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("redisdown"),
            ["REDIS_URL"] = redis.Url,
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
        });
        var put = await host.Http.PutAsync("/api/v1/enrichment/mode", new StringContent("""{"mode":"enriched"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("redis", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("source").GetString());

        await redis.StopAsync();
        // The alerts below must meet a host that knows Redis is gone, not one that has yet to notice.
        await WaitForReadinessAsync(host, "Degraded");
        await PostAsync(host, 20, offset: 0);
        await sink.WaitForFingerprintsAsync(20, TimeSpan.FromSeconds(30));
        var ready = await host.Http.GetAsync("/health/ready");

        Assert.Equal(20, sink.Fingerprints().Count);
        Assert.All(sink.Events, e => Assert.Equal("enriched", e.GetProperty("mode").GetString()));
        Assert.All(sink.Events, e => Assert.Equal("rules", e.GetProperty("classification").GetProperty("source").GetString()));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        await redis.StartAgainAsync();
        var healthy = false;
        for (var i = 0; i < 100 && !healthy; i++)
        {
            await Task.Delay(200);
            var body = await (await host.Http.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
            healthy = body.GetProperty("status").GetString() == "Healthy";
        }
        Assert.True(healthy, "readiness did not recover after Redis came back");
        await PostAsync(host, 20, offset: 100);
        await sink.WaitForFingerprintsAsync(40, TimeSpan.FromSeconds(30));
        Assert.Equal(40, sink.Fingerprints().Count);
        // The mode store notices on its next poll (every second); readiness may have noticed first.
        for (var i = 0; i < 50 && !host.StderrLines.Any(l => l.Contains("reachable again", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(200);
        }
        Assert.Contains(host.StderrLines, l => l.Contains("Mode store redis is reachable again", StringComparison.Ordinal));
    }

    private static async Task WaitForReadinessAsync(HostProcess host, string status)
    {
        var seen = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && seen != status;)
        {
            var body = await (await host.Http.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
            seen = body.GetProperty("status").GetString() ?? "";
            if (seen != status)
            {
                await Task.Delay(100);
            }
        }
        Assert.Equal(status, seen);
    }

    private static async Task PostAsync(HostProcess host, int count, int offset)
    {
        using var response = await host.Http.PostAsync("/webhook", new StringContent(Alerts.Webhook(count, offset), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
