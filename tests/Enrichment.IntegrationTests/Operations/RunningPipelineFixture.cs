using System.Net;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>
/// Gateway, worker and notifier as three processes on a real RabbitMQ virtual host and Redis, after
/// real traffic (both ingest routes, a mode change, webhook deliveries that succeed and one target
/// that fails), with each role's <c>/metrics</c> and RabbitMQ's own Prometheus metrics scraped once.
/// Shared by the tests that check what operators scrape, so the processes start once.
/// </summary>
public sealed class RunningPipelineFixture : IAsyncLifetime
{
    public const string Collection = "running pipeline";

    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>Role → its <c>/metrics</c> text after the traffic.</summary>
    public Dictionary<string, string> Scrapes { get; } = new(StringComparer.Ordinal);

    /// <summary>RabbitMQ's per-object metrics (the rabbitmq_prometheus plugin), scraped after the traffic.</summary>
    public string RabbitMqScrape { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("ops-metrics");
        var common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("ops-metrics"),
        };
        var sink = await WebhookSink.StartAsync();
        _owned.Add(sink);
        var failing = await WebhookSink.StartAsync();
        failing.FailWith = 500;
        _owned.Add(failing);
        var notifier = await Start(common, ("ENRICHMENT_ROLES", "notifier"),
            ("NOTIFIER_WEBHOOK_URLS", $"{sink.Url},{failing.Url}"), ("NOTIFIER_RETRY_LIMIT", "1"), ("NOTIFIER_RETRY_MIN_DELAY", "00:00:00.1"));
        var worker = await Start(common, ("ENRICHMENT_ROLES", "worker"));
        var gateway = await Start(common, ("ENRICHMENT_ROLES", "gateway"));

        using (var put = await gateway.Http.PutAsync("/api/v1/enrichment/mode", Json("""{"mode":"enriched"}""")))
        {
            put.EnsureSuccessStatusCode();
        }
        // The worker's next batch uses the mode its readiness reports.
        await worker.WaitForModeAsync("enriched", TimeSpan.FromSeconds(30));
        using (var webhook = await gateway.Http.PostAsync("/webhook", Json(Alerts.Webhook(5))))
        {
            Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
        }
        var apiAlerts = """[{"labels":{"alertname":"KubeNodeNotReady","severity":"critical","node":"n1"},"annotations":{"summary":"Node n1 not ready"}}]""";
        using (var api = await gateway.Http.PostAsync("/api/v2/alerts", Json(apiAlerts)))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }
        await sink.WaitForFingerprintsAsync(6, TimeSpan.FromSeconds(90));
        Assert.Equal(6, sink.Fingerprints().Count);
        // The failing target's events go through their retries into its _error queue.
        await WaitUntilAsync(async () => (await notifier.Http.GetStringAsync("/metrics"))
            .Contains("enrichment_notifications_total{notifier=\"webhook\",outcome=\"failure\"} 12", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Scrapes["gateway"] = await gateway.Http.GetStringAsync("/metrics");
        Scrapes["worker"] = await worker.Http.GetStringAsync("/metrics");
        Scrapes["notifier"] = await notifier.Http.GetStringAsync("/metrics");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // Queue processes emit their stats every few seconds: a queue created moments ago (the failing target's
        // _error queue) can be missing from a scrape taken at once. Scrape until it is there or the deadline passes.
        await WaitUntilAsync(async () =>
        {
            RabbitMqScrape = await http.GetStringAsync(new Uri(TestServices.RabbitMqPrometheus, "metrics/per-object"));
            return RabbitMqScrape.Contains("_error\"", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private async Task<HostProcess> Start(Dictionary<string, string> common, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(common);
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        var host = await HostProcess.StartAsync(environment);
        _owned.Add(host);
        return host;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !await condition())
        {
            await Task.Delay(200);
        }
    }
}

/// <summary>The test classes that read the scrapes share one running pipeline.</summary>
[CollectionDefinition(RunningPipelineFixture.Collection)]
public sealed class RunningPipelineCollection : ICollectionFixture<RunningPipelineFixture>;
