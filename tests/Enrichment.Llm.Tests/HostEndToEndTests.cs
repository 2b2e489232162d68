using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>
/// The real executable (all roles, in-memory transport, console notifier on stdout) with
/// <c>ENRICHMENT_MODE=enriched</c> and the LLM pointed at a fake OpenAI-compatible provider.
/// </summary>
public sealed class HostEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Every_event_and_classify_answer_carries_the_models_verdict()
    {
        // Every log category at Trace, HttpClient's included: the key must still appear nowhere but on the wire.
        await using var host = await HostProcess.StartAsync(Environment(_fake, new()
        {
            ["LLM_MODEL"] = "fake-model",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace",
        }));

        await PostAsync(host, "/api/v2/alerts", Payload(12, "Distinct"));
        var events = await WaitForEventsAsync(host, 12, TimeSpan.FromSeconds(60));

        Assert.All(events, e =>
        {
            Assert.Equal("enriched", e.GetProperty("mode").GetString());
            var c = e.GetProperty("classification");
            Assert.Equal("llm", c.GetProperty("source").GetString());
            Assert.Equal("openai-compatible", c.GetProperty("provider").GetString());
            Assert.Equal("fake-model", c.GetProperty("model").GetString());
            Assert.Equal("database", c.GetProperty("category").GetString());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("degradedReason").ValueKind);
        });

        var classify = await PostAsync(host, "/api/v1/classify", Payload(3, "Classify"));
        var results = JsonDocument.Parse(await classify.Content.ReadAsStringAsync()).RootElement.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), r => Assert.Equal("llm", r.GetProperty("classification").GetProperty("source").GetString()));
        // Classify published nothing: an alert posted after it is the only event that follows the first twelve.
        await PostAsync(host, "/api/v2/alerts", Payload(1, "Marker"));
        var after = await WaitForAlertAsync(host, "Markera", TimeSpan.FromSeconds(60));
        Assert.Equal(13, after.Count);
        Assert.DoesNotContain(after, e => AlertName(e).StartsWith("Classify", StringComparison.Ordinal));
        Assert.All(_fake.Requests, r => Assert.Equal("Bearer " + Classifiers.Key, r.Header("Authorization")));
        Assert.Contains(host.StderrLines, l => l.Contains(" dbug: ", StringComparison.Ordinal)); // verbose logging really was on
        AssertKeyNotIn(host);
    }

    [Fact]
    public async Task Storm_of_500s_degrades_every_alert_opens_the_circuit_and_recovers()
    {
        _fake.Responder = _ => FakeReply.Error(500);
        await using var host = await HostProcess.StartAsync(Environment(_fake, new()
        {
            ["LLM_CIRCUIT_BREAK_DURATION"] = "3s",
            ["LLM_RETRY_BASE_DELAY"] = "50ms",
        }));

        await PostAsync(host, "/api/v2/alerts", Payload(500, "Storm"));
        var events = await WaitForEventsAsync(host, 500, TimeSpan.FromSeconds(120));

        Assert.Equal(500, events.Select(e => e.GetProperty("alert").GetProperty("fingerprint").GetString()).Distinct().Count());
        Assert.All(events, e =>
        {
            var c = e.GetProperty("classification");
            Assert.Equal("rules", c.GetProperty("source").GetString());
            Assert.Contains(c.GetProperty("degradedReason").GetString(), new[] { "error", "circuit_open" });
        });
        Assert.Contains(events, e => e.GetProperty("classification").GetProperty("degradedReason").GetString() == "circuit_open");
        output.WriteLine($"500 alerts, provider calls during the storm: {_fake.Count}");
        Assert.True(_fake.Count <= 60, $"the provider saw {_fake.Count} calls");
        var metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Contains("enrichment_circuit_breaker_state{provider=\"openai-compatible\"} 2", metrics, StringComparison.Ordinal);

        // The provider recovers: after the break a probe goes through and the model answers again.
        _fake.Responder = FakeAnswers.Valid;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var round = 0;
        var recovered = false;
        while (!recovered && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var response = await PostAsync(host, "/api/v1/classify", Payload(1, "Recovery" + Letters(round++)));
            var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results")[0];
            recovered = result.GetProperty("classification").GetProperty("source").GetString() == "llm";
        }
        Assert.True(recovered, "the model never answered again after the provider recovered");
        output.WriteLine($"recovered after {round} classify rounds");
        Assert.Contains("enrichment_circuit_breaker_state{provider=\"openai-compatible\"} 0", await host.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        AssertKeyNotIn(host);
    }

    [Fact]
    public async Task Classify_spends_the_same_model_budget_as_the_pipeline()
    {
        await using var host = await HostProcess.StartAsync(Environment(_fake, new()
        {
            ["LLM_MAX_REQUESTS_PER_MINUTE"] = "1",
            ["LLM_MAX_RETRIES"] = "0",
        }));

        var first = await ClassifyOneAsync(host, "Budget");
        var second = await ClassifyOneAsync(host, "Spent");
        await PostAsync(host, "/api/v2/alerts", Payload(1, "Pipeline"));
        var pipeline = (await WaitForAlertAsync(host, "Pipelinea", TimeSpan.FromSeconds(60))).Single().GetProperty("classification");

        Assert.Equal("llm", first.GetProperty("source").GetString());
        // The one request of the minute went to /api/v1/classify: neither it nor the pipeline gets another.
        Assert.Equal("budget_exhausted", second.GetProperty("degradedReason").GetString());
        Assert.Equal("budget_exhausted", pipeline.GetProperty("degradedReason").GetString());
        Assert.Equal("rules", pipeline.GetProperty("source").GetString());
        Assert.Equal(1, _fake.Count);
    }

    private static async Task<JsonElement> ClassifyOneAsync(HostProcess host, string prefix)
    {
        var response = await PostAsync(host, "/api/v1/classify", Payload(1, prefix));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("results")[0].GetProperty("classification").Clone();
    }

    /// <summary>Every event on stdout, once the one for <paramref name="alertname"/> is among them.</summary>
    internal static async Task<List<JsonElement>> WaitForAlertAsync(HostProcess host, string alertname, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<JsonElement> events;
        while (!(events = Events(host)).Any(e => AlertName(e) == alertname) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(events.Any(e => AlertName(e) == alertname), $"no event for {alertname} on stdout:\n{string.Join('\n', host.StderrLines.TakeLast(20))}");
        return events;
    }

    private static List<JsonElement> Events(HostProcess host) => host.AlertEventLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static string AlertName(JsonElement e) => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString() ?? "";

    internal static Dictionary<string, string> Environment(FakeProvider fake, Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ENRICHMENT_MODE"] = "enriched",
            ["NOTIFIER_CONSOLE"] = "true",
            ["LLM_ENABLED"] = "true",
            ["LLM_PROVIDER"] = "openai-compatible",
            ["LLM_BASE_URL"] = new Uri(fake.Root, "/v1").ToString(),
            ["LLM_API_KEY"] = Classifiers.Key,
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        return environment;
    }

    internal static async Task<HttpResponseMessage> PostAsync(HostProcess host, string path, string body)
    {
        var response = await host.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>Postable alerts, each its own signature (distinct alert names, digits would be folded).</summary>
    internal static string Payload(int count, string prefix)
    {
        var alerts = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var name = prefix + Letters(i);
            alerts.Add(new JsonObject
            {
                ["labels"] = new JsonObject { ["alertname"] = name, ["severity"] = "warning", ["instance"] = $"db-{i}:9187" },
                ["annotations"] = new JsonObject { ["summary"] = $"{name} on db", ["description"] = "replication lag is high" },
                ["startsAt"] = "2026-11-25T08:00:00Z",
            });
        }
        return alerts.ToJsonString();
    }

    internal static async Task<List<JsonElement>> WaitForEventsAsync(HostProcess host, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (host.AlertEventLines.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(host.AlertEventLines.Count >= count, $"expected {count} events on stdout, saw {host.AlertEventLines.Count}:\n{string.Join('\n', host.StderrLines.TakeLast(20))}");
        return host.AlertEventLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    internal static void AssertKeyNotIn(HostProcess host)
    {
        var secret = Classifiers.Key["sk-test-".Length..];
        Assert.DoesNotContain(host.StdoutLines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(host.StderrLines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    private static string Letters(int i)
    {
        var text = "";
        do
        {
            text = (char)('a' + (i % 26)) + text;
            i /= 26;
        }
        while (i > 0);
        return text;
    }
}
