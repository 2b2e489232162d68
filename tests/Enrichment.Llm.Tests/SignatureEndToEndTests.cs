using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;
using StackExchange.Redis;

namespace Enrichment.Llm.Tests;

/// <summary>
/// Issue 13's "done when" for cached answers: the real executable on the real RabbitMQ and Redis, the
/// LLM pointed at a fake OpenAI-compatible provider that counts its calls and names whatever host it
/// is shown. Alerts of one rule on web-101, web-202 (one batch), web-303 (a cache hit in memory) and,
/// from a second process, web-404 (a hit in Redis) cost one call, and each event names its own host.
/// </summary>
public sealed class SignatureEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    private FakeProvider _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Responder = NamesTheHostItSees;
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Hosts_of_one_signature_get_one_model_call_and_each_its_own_host_in_its_summary()
    {
        var redisPrefix = TestServices.NewRedisPrefix("signature");
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("signature"),
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = redisPrefix,
            ["ENRICHMENT_MODE"] = "enriched",
            ["NOTIFIER_CONSOLE"] = "true",
            ["LLM_ENABLED"] = "true",
            ["LLM_PROVIDER"] = "openai-compatible",
            ["LLM_BASE_URL"] = Classifiers.BaseUrlFor(_fake, LlmProviders.OpenAICompatible),
            ["LLM_API_KEY"] = Classifiers.Key,
        };

        await using (var first = await HostProcess.StartAsync(environment))
        {
            await PostAsync(first, Alert("web-101", 91), Alert("web-202", 97));
            AssertSummary(await WaitForEventAsync(first, "web-101"), "web-101", 91, "none");
            AssertSummary(await WaitForEventAsync(first, "web-202"), "web-202", 97, "none");

            await PostAsync(first, Alert("web-303", 88));
            AssertSummary(await WaitForEventAsync(first, "web-303"), "web-303", 88, "l1");
        }

        // Another process: an empty memory, the answer in Redis.
        await using (var second = await HostProcess.StartAsync(environment))
        {
            await PostAsync(second, Alert("web-404", 95));
            AssertSummary(await WaitForEventAsync(second, "web-404"), "web-404", 95, "l2");
        }

        var request = Assert.Single(_fake.Requests);
        var prompt = request.AllText();
        foreach (var host in new[] { "web-101", "web-202", "web-303", "web-404" })
        {
            Assert.DoesNotContain(host, prompt, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("91%", prompt, StringComparison.Ordinal);
        Assert.Equal("{{labels.instance}}", Assert.Single(request.Alerts()).GetProperty("labels").GetProperty("instance").GetString());

        // What the signature's answer is kept as, for every worker and 24 hours: marks, no host.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
        var key = Assert.Single(redis.GetServers()[0].Keys(pattern: redisPrefix + "cls:*"));
        var stored = JsonDocument.Parse((string)(await redis.GetDatabase().StringGetAsync(key))!).RootElement;
        Assert.Equal("Disk almost full on {{labels.instance}} ({{num1}}% used)", stored.GetProperty("summary").GetString());
    }

    private static void AssertSummary(JsonElement e, string host, int percent, string cache)
    {
        var classification = e.GetProperty("classification");
        Assert.Equal("llm", classification.GetProperty("source").GetString());
        Assert.Equal(cache, classification.GetProperty("cache").GetString());
        Assert.Equal($"Disk almost full on {host}:9100 ({percent}% used)", classification.GetProperty("summary").GetString());
        Assert.Equal($"Free space on {host}:9100", classification.GetProperty("recommendations")[0].GetString());
        Assert.Equal(host + ":9100", e.GetProperty("alert").GetProperty("labels").GetProperty("instance").GetString());
    }

    private static JsonObject Alert(string host, int percent) => new()
    {
        ["labels"] = new JsonObject { ["alertname"] = "NodeFilesystemAlmostOutOfSpace", ["severity"] = "warning", ["instance"] = host + ":9100", ["job"] = "node" },
        ["annotations"] = new JsonObject { ["summary"] = $"Filesystem on {host}:9100 has {100 - percent}% available space left", ["description"] = $"{percent}% used" },
        ["startsAt"] = "2026-11-25T08:00:00Z",
    };

    private static async Task PostAsync(HostProcess host, params JsonObject[] alerts)
    {
        using var content = new StringContent(new JsonArray(alerts.Select(a => (JsonNode)a).ToArray()).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/api/v2/alerts", content);
        // 2xx: what Alertmanager's API answers is the ingest's business, not this test's.
        Assert.True(response.IsSuccessStatusCode, $"/api/v2/alerts answered {(int)response.StatusCode}");
    }

    /// <summary>The console notifier's event for the alert on <paramref name="host"/>, polled for until <see cref="Delivery"/>.</summary>
    private static async Task<JsonElement> WaitForEventAsync(HostProcess process, string host)
    {
        var deadline = DateTime.UtcNow + Delivery;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in process.AlertEventLines)
            {
                var e = JsonDocument.Parse(line).RootElement;
                if (e.GetProperty("alert").GetProperty("labels").GetProperty("instance").GetString() == host + ":9100")
                {
                    return e.Clone();
                }
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"no event for {host} within {Delivery}:\n{string.Join('\n', process.StderrLines.TakeLast(20))}");
    }

    /// <summary>A model that writes the host and the description it is shown into its summary, as models do.</summary>
    private static FakeReply NamesTheHostItSees(RecordedRequest request) => FakeReply.Text(new JsonObject
    {
        ["results"] = new JsonArray(request.Alerts().Select(alert =>
        {
            var instance = alert.GetProperty("labels").GetProperty("instance").GetString();
            var description = alert.GetProperty("annotations").GetProperty("description").GetString();
            var item = FakeAnswers.Item(alert.GetProperty("id").GetInt32(), "warning", "storage");
            item["summary"] = $"Disk almost full on {instance} ({description})";
            item["recommendations"] = new JsonArray($"Free space on {instance}");
            return (JsonNode)item;
        }).ToArray()),
    }.ToJsonString());
}
