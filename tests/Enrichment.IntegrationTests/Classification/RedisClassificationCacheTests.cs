using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Rules;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.IntegrationTests.Classification;

/// <summary>L2 on a real Redis: hits, expiry, namespaces, sharing between processes, and life without it.</summary>
public sealed class RedisClassificationCacheTests : IAsyncLifetime
{
    private readonly string _prefix = TestServices.NewRedisPrefix("cls");
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private RedisClassificationCache L2(IConnectionMultiplexer redis, TimeSpan? ttl = null) =>
        new(redis, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(new ClassificationOptions { CacheTtl = ttl ?? TimeSpan.FromHours(24) }));

    private static AlertClassification Answer(string summary) => new()
    {
        Severity = Severity.Critical, Category = AlertCategory.Database, Confidence = 0.875, Summary = summary,
        Reasoning = "because", Recommendations = ["one", "two"], Source = ClassificationSource.Llm, Provider = "openai", Model = "gpt-4o-mini",
    };

    private static string Json(AlertClassification classification) => JsonSerializer.Serialize(classification.ToData(), EnrichmentJson.Options);

    [Fact]
    public async Task Hits_come_back_whole_and_stamped_l2_under_the_prefix()
    {
        var cache = L2(_redis);
        await cache.SetManyAsync([KeyValuePair.Create("ns:a", Answer("A")), KeyValuePair.Create("ns:b", Answer("B"))], default);

        var hits = await cache.GetManyAsync(["ns:a", "ns:b", "ns:missing"], default);

        Assert.Equal(["ns:a", "ns:b"], hits.Keys.Order());
        Assert.Equal(Json(Answer("A") with { Cache = CacheTier.L2 }), Json(hits["ns:a"]));
        Assert.Equal("B", hits["ns:b"].Summary);
        Assert.True(await _redis.GetDatabase().KeyExistsAsync(_prefix + "cls:ns:a"));
    }

    [Fact]
    public async Task Entries_expire_after_LLM_CACHE_TTL()
    {
        var cache = L2(_redis, ttl: TimeSpan.FromSeconds(3));
        await cache.SetManyAsync([KeyValuePair.Create("ns:short", Answer("short-lived"))], default);

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "cls:ns:short");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await cache.GetManyAsync(["ns:short"], default)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.Empty(await cache.GetManyAsync(["ns:short"], default));
    }

    [Fact]
    public async Task Another_classifier_namespace_misses_while_another_process_with_the_same_one_hits()
    {
        var alert = new AlertData
        {
            Fingerprint = "f1", Status = AlertStatus.Firing,
            Labels = new Dictionary<string, string> { ["alertname"] = "PostgresqlDown", ["instance"] = "db-1:9187" },
            Annotations = new Dictionary<string, string> { ["summary"] = "Postgresql down on db-1" },
        };
        var gpt = new CountingModel("openai/gpt-4o-mini/prompt-v1");
        var claude = new CountingModel("anthropic/claude-3-5-haiku-latest/prompt-v1");

        await Worker(gpt).ClassifyAsync([alert], default);
        var byClaude = await Worker(claude).ClassifyAsync([alert], default);
        // A second process (empty L1) of the first namespace: answered by L2, no call.
        var gptAgain = new CountingModel("openai/gpt-4o-mini/prompt-v1");
        var shared = await Worker(gptAgain).ClassifyAsync([alert with { Fingerprint = "f2", Labels = new Dictionary<string, string>(alert.Labels) { ["instance"] = "db-2:9187" } }], default);

        Assert.Equal(1, gpt.Calls);
        Assert.Equal(1, claude.Calls);
        Assert.Equal(CacheTier.None, byClaude[0]!.Cache);
        Assert.Equal(0, gptAgain.Calls);
        Assert.Equal(CacheTier.L2, shared[0]!.Cache);
        Assert.Equal(ClassificationSource.Llm, shared[0]!.Source);
    }

    [Fact]
    public async Task With_Redis_unreachable_classification_carries_on_with_l1()
    {
        // Nothing listens there; the multiplexer keeps trying in the background as in production.
        var configuration = ConfigurationOptions.Parse($"127.0.0.1:{HostProcess.FreePort()}");
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 500;
        configuration.AsyncTimeout = 500;
        await using var dead = await ConnectionMultiplexer.ConnectAsync(configuration);
        var model = new CountingModel();
        var worker = Worker(model, dead);
        var alert = new AlertData
        {
            Fingerprint = "f1", Status = AlertStatus.Firing,
            Labels = new Dictionary<string, string> { ["alertname"] = "HostHighCpuLoad", ["instance"] = "h1" },
        };

        var first = await worker.ClassifyAsync([alert], default);
        var second = await worker.ClassifyAsync([alert with { Fingerprint = "f2" }], default);

        Assert.Equal(ClassificationSource.Llm, first[0]!.Source);
        Assert.Equal(CacheTier.L1, second[0]!.Cache);
        Assert.Equal(1, model.Calls);
    }

    /// <summary>The chain as one worker process builds it: its own L1, the shared L2.</summary>
    private ClassificationService Worker(IAlertClassifier model, IConnectionMultiplexer? redis = null)
    {
        var options = Options.Create(new ClassificationOptions());
        var cache = new TieredClassificationCache(new MemoryClassificationCache(options), NullEnrichmentMetrics.Instance,
            NullLogger<TieredClassificationCache>.Instance, L2(redis ?? _redis));
        return new ClassificationService(new RuleBasedClassifier(), options, NullEnrichmentMetrics.Instance,
            NullLogger<ClassificationService>.Instance, model, cache);
    }
}
