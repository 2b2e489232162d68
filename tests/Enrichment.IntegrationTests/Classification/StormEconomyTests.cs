using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Core.Classification;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Enrichment.IntegrationTests.Classification;

/// <summary>
/// The user pays per model call: an alert storm posted through the gateway costs one answer per
/// signature, and the answers outlive the process in Redis (L2).
/// </summary>
public class StormEconomyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Two_thousand_alerts_of_forty_rules_cost_forty_answers_and_after_a_restart_four_hundred_more_cost_none()
    {
        await using var sink = await WebhookSink.StartAsync();
        var settings = Settings(sink, TestServices.NewRedisPrefix("storm40"));

        var model = new CountingModel();
        await using (var host = new EmbeddedFactory(settings, s => s.AddSingleton<IAlertClassifier>(model)))
        {
            await PostStormAsync(host, total: 2000, rules: 40, offset: 0);
            await sink.WaitForFingerprintsAsync(2000, Delivery);
        }
        output.WriteLine($"first host: {model.Calls} calls carrying [{string.Join(", ", model.CallSizes)}] alerts");
        var first = Latest(sink);
        Assert.Equal(2000, first.Count);
        Assert.All(first.Values, e => AssertModelAnswer(e));
        Assert.True(model.Calls <= 40, $"{model.Calls} model calls for 40 signatures");
        // Each signature was asked about exactly once: no duplicate answers paid for.
        Assert.Equal(40, model.AlertsAsked);

        // A new process on the same Redis: its memory is empty, L2 still has every answer.
        var restarted = new CountingModel();
        await using (var host = new EmbeddedFactory(settings, s => s.AddSingleton<IAlertClassifier>(restarted)))
        {
            await PostStormAsync(host, total: 400, rules: 40, offset: 2000);
            await sink.WaitForFingerprintsAsync(2400, Delivery);
            using var http = host.CreateClient();
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains(metrics.Split('\n'), l => l.StartsWith("enrichment_cache_lookups_total{tier=\"l2\",result=\"hit\"}", StringComparison.Ordinal));
        }
        var second = Latest(sink).Where(e => !first.ContainsKey(e.Key)).Select(e => e.Value).ToList();
        var tiers = second.GroupBy(e => Classification(e).GetProperty("cache").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        output.WriteLine($"restarted host: {restarted.Calls} calls; cache tiers {string.Join(", ", tiers.Select(t => $"{t.Key}={t.Value}"))}");
        Assert.Equal(400, second.Count);
        Assert.Equal(0, restarted.Calls);
        Assert.All(second, e => AssertModelAnswer(e));
        // Every answer of the restarted process came from the shared cache: copied into L1 after the first
        // read, it still says where the process got it.
        Assert.Equal(400, tiers.GetValueOrDefault(CacheTier.L2));
    }

    [Fact]
    public async Task Five_thousand_alerts_of_fifty_rules_cost_at_most_ten_calls_and_all_carry_the_model_answer()
    {
        await using var sink = await WebhookSink.StartAsync();
        var model = new CountingModel();
        await using (var host = new EmbeddedFactory(Settings(sink, TestServices.NewRedisPrefix("storm50")), s => s.AddSingleton<IAlertClassifier>(model)))
        {
            await PostStormAsync(host, total: 5000, rules: 50, offset: 0);
            await sink.WaitForFingerprintsAsync(5000, Delivery);
        }
        output.WriteLine($"{model.Calls} calls carrying [{string.Join(", ", model.CallSizes)}] alerts");

        var events = Latest(sink);
        Assert.Equal(5000, events.Count);
        Assert.All(events.Values, e => AssertModelAnswer(e));
        Assert.True(model.Calls <= 10, $"{model.Calls} model calls for 50 signatures");
        Assert.Equal(50, model.AlertsAsked);
    }

    private static Dictionary<string, string?> Settings(WebhookSink sink, string redisPrefix) => new()
    {
        ["Redis:Url"] = TestServices.RedisUrl,
        ["Redis:KeyPrefix"] = redisPrefix,
        ["Enrichment:Mode"] = "enriched",
        ["Notifier:WebhookUrls"] = sink.Url.ToString(),
    };

    /// <summary>Posts the storm as Alertmanager would: webhooks of 100 alerts, a few at a time.</summary>
    private static async Task PostStormAsync(EmbeddedFactory host, int total, int rules, int offset)
    {
        using var http = host.CreateClient();
        using var throttle = new SemaphoreSlim(4);
        const int perRequest = 100;
        await Task.WhenAll(Enumerable.Range(0, total / perRequest).Select(async r =>
        {
            await throttle.WaitAsync();
            try
            {
                using var content = new StringContent(Alerts.Storm(perRequest, rules, offset + r * perRequest), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/webhook", content);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            finally
            {
                throttle.Release();
            }
        }));
    }

    /// <summary>One event per alert fingerprint (a redelivery would only repeat one).</summary>
    private static Dictionary<string, JsonElement> Latest(WebhookSink sink)
    {
        var events = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var e in sink.Events)
        {
            events[e.GetProperty("alert").GetProperty("fingerprint").GetString()!] = e;
        }
        return events;
    }

    private static JsonElement Classification(JsonElement e) => e.GetProperty("classification");

    private static void AssertModelAnswer(JsonElement e)
    {
        var classification = Classification(e);
        Assert.Equal(JsonValueKind.Object, classification.ValueKind);
        Assert.Equal("llm", classification.GetProperty("source").GetString());
        var alertname = e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString();
        Assert.Equal(CountingModel.SummaryPrefix + alertname, classification.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, classification.GetProperty("degradedReason").ValueKind);
    }
}
