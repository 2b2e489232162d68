using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>
/// Issue 17's second "done when", on real processes, RabbitMQ and Redis, with the model faked: a gateway (and console
/// notifier) and two workers. A correction posted for one alert changes the verdict of the next alert of its signature
/// on both workers, survives restarting them, shows in the export, and once deleted gives way to the model's verdict
/// again. The model is told each alert's history and the correction.
/// </summary>
public sealed partial class CorrectionsAcrossWorkersTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string FeedbackToken = "feedback-token-33b9d";
    private const string AdminToken = "admin-token-0c5e1";
    private const string Note = "replication runs over the WAN link; lag means the link is down";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private FakeProvider _fake = null!;
    private Dictionary<string, string> _common = null!;
    private int _host;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("corrections"),
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("corrections"),
            ["ENRICHMENT_MODE"] = "enriched",
        };
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private Task<HostProcess> WorkerAsync() => HostProcess.StartAsync(new Dictionary<string, string>(_common)
    {
        ["ENRICHMENT_ROLES"] = "worker",
        ["LLM_ENABLED"] = "true",
        ["LLM_PROVIDER"] = "openai-compatible",
        ["LLM_BASE_URL"] = new Uri(_fake.Root, "/v1").ToString(),
        ["LLM_API_KEY"] = Classifiers.Key,
        ["LLM_MODEL"] = "fake-model",
    });

    [Fact]
    public async Task A_correction_reaches_both_workers_survives_their_restart_is_exported_and_deleting_it_restores_the_model()
    {
        await using var gateway = await HostProcess.StartAsync(new Dictionary<string, string>(_common)
        {
            ["ENRICHMENT_ROLES"] = "gateway,notifier",
            ["NOTIFIER_CONSOLE"] = "true",
            ["FEEDBACK_AUTH_TOKEN"] = FeedbackToken,
            ["ADMIN_AUTH_TOKEN"] = AdminToken,
        });
        var workers = new List<HostProcess> { await WorkerAsync(), await WorkerAsync() };
        var (worker1, worker2) = (workers[0], workers[1]);
        try
        {
            // The model's verdict first: warning/database from the fake, told the alert is new.
            var first = await FireAsync(gateway, "ReplicationLagHigh");
            Assert.Equal(("llm", "warning", "database"), Verdict(first));
            Assert.Equal("new", first.GetProperty("history").GetProperty("novelty").GetString());
            Assert.Contains(_fake.Requests, r => r.Alerts().Any(a => a.GetProperty("history").GetString()!.StartsWith("new:", StringComparison.Ordinal)));

            var clock = Stopwatch.StartNew();
            var stored = await SendAsync(gateway, HttpMethod.Post, "/api/v1/feedback", FeedbackToken,
                $$"""{"fingerprint":"{{first.GetProperty("alert").GetProperty("fingerprint").GetString()}}","severity":"critical","category":"network","note":"{{Note}}"}""");
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            var body = await stored.Content.ReadFromJsonAsync<JsonElement>();
            var signature = body.GetProperty("override").GetProperty("signature").GetString()!;
            var generation = body.GetProperty("generation").GetInt64();
            await WaitForGenerationAsync(worker1, generation);
            await WaitForGenerationAsync(worker2, generation);
            output.WriteLine($"correction applied by both workers {clock.ElapsedMilliseconds} ms after the POST returned");

            // Alerts of the signature, one at a time, until each worker has answered at least one: every one is the correction.
            var corrected = 0;
            while (await OverridesEnrichedAsync(worker1) == 0 || await OverridesEnrichedAsync(worker2) == 0)
            {
                Assert.True(corrected < 40, "40 alerts and one worker never took one");
                var next = await FireAsync(gateway, "ReplicationLagHigh");
                Assert.Equal(("override", "critical", "network"), Verdict(next));
                Assert.Contains(Note, next.GetProperty("classification").GetProperty("reasoning").GetString(), StringComparison.Ordinal);
                corrected++;
            }
            output.WriteLine($"{corrected} corrected alerts until both workers had answered one");

            // Another signature: the model is asked, and shown the correction as an example.
            var other = await FireAsync(gateway, "DiskLatencyHigh");
            Assert.Equal("llm", Verdict(other).Source);
            Assert.Contains(_fake.Requests, r => r.AllText().Contains("<corrections>", StringComparison.Ordinal) && r.AllText().Contains(Note, StringComparison.Ordinal));

            // Both workers restart: the correction lives in Redis, and a fresh worker applies it to its very first batch.
            foreach (var stopped in workers)
            {
                await stopped.DisposeAsync();
            }
            workers.Clear();
            workers.Add(worker1 = await WorkerAsync());
            Assert.Equal(("override", "critical", "network"), Verdict(await FireAsync(gateway, "ReplicationLagHigh")));

            using var export = await SendAsync(gateway, HttpMethod.Get, "/api/v1/overrides?format=jsonl", AdminToken);
            var line = Assert.Single((await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var labelled = JsonDocument.Parse(line).RootElement;
            Assert.Equal(signature, labelled.GetProperty("signature").GetString());
            Assert.Equal(("critical", "network", Note), (labelled.GetProperty("severity").GetString(), labelled.GetProperty("category").GetString(), labelled.GetProperty("note").GetString()));
            Assert.Equal(("warning", "database", "llm"), (labelled.GetProperty("before").GetProperty("severity").GetString(),
                labelled.GetProperty("before").GetProperty("category").GetString(), labelled.GetProperty("before").GetProperty("source").GetString()));
            Assert.Equal("feedback-token", labelled.GetProperty("by").GetString());
            Assert.Equal("{{labels.instance}}", labelled.GetProperty("alert").GetProperty("labels").GetProperty("instance").GetString());
            Assert.DoesNotContain(FeedbackToken, line, StringComparison.Ordinal);

            using var deleted = await SendAsync(gateway, HttpMethod.Delete, $"/api/v1/overrides/{signature}", AdminToken);
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            await WaitForGenerationAsync(worker1, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("generation").GetInt64());
            Assert.Equal(("llm", "warning", "database"), Verdict(await FireAsync(gateway, "ReplicationLagHigh")));
            Assert.DoesNotContain(FeedbackToken, string.Join('\n', gateway.StderrLines.Concat(worker1.StderrLines)), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>Posts one alert of <paramref name="alertname"/> on a host of its own and returns its event.</summary>
    private async Task<JsonElement> FireAsync(HostProcess gateway, string alertname)
    {
        var instance = $"db-{Interlocked.Increment(ref _host)}:9187";
        var alert = new JsonArray(new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = alertname, ["severity"] = "warning", ["job"] = "postgres", ["instance"] = instance },
            ["annotations"] = new JsonObject { ["summary"] = $"{alertname} on {instance}", ["description"] = "replica lag above 30s" },
            ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
        });
        using var response = await gateway.Http.PostAsync("/api/v2/alerts", new StringContent(alert.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"the gateway answered {(int)response.StatusCode}");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (var line in gateway.StdoutLines)
            {
                var e = JsonDocument.Parse(line).RootElement;
                if (e.GetProperty("alert").GetProperty("labels").GetProperty("instance").GetString() == instance)
                {
                    return e.Clone();
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"no event for {alertname} on {instance}:\n{string.Join('\n', gateway.StderrLines.TakeLast(20))}");
            await Task.Delay(50);
        }
    }

    private static (string Source, string Severity, string Category) Verdict(JsonElement e)
    {
        var c = e.GetProperty("classification");
        return (c.GetProperty("source").GetString()!, c.GetProperty("severity").GetString()!, c.GetProperty("category").GetString()!);
    }

    private static async Task<HttpResponseMessage> SendAsync(HostProcess host, HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    /// <summary>Waits until the worker's readiness reports the corrections of <paramref name="generation"/> (or later) in force.</summary>
    private static async Task WaitForGenerationAsync(HostProcess worker, long generation)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await worker.Http.GetStringAsync("/health/ready");
            if (JsonDocument.Parse(last).RootElement.GetProperty("overrides").GetProperty("generation").GetInt64() >= generation)
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"{worker.BaseAddress} never applied generation {generation}; readiness said {last}");
    }

    private static async Task<double> OverridesEnrichedAsync(HostProcess worker)
    {
        var match = OverrideCount().Match(await worker.Http.GetStringAsync("/metrics"));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""enrichment_alerts_enriched_total\{mode="enriched",source="override"\} ([0-9.e+]+)""")]
    private static partial Regex OverrideCount();
}
