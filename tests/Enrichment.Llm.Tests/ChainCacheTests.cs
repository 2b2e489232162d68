using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Feedback;
using Enrichment.Core.Rules;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm.Tests;

/// <summary>
/// The chain inside the real classification service and cache: a fallback's answer is kept under the fallback's own
/// namespace, served from there while the primary is failing, and never taken for the primary's, which answers the
/// signature again once it is back.
/// </summary>
public sealed class ChainCacheTests : IAsyncLifetime
{
    private readonly IOptions<ClassificationOptions> _options = Options.Create(new ClassificationOptions());
    private readonly RecordingMetrics _metrics = new();
    private FakeProvider _cloud = null!;
    private FakeProvider _local = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeProvider.StartAsync();
        _local = await FakeProvider.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        await _local.DisposeAsync();
    }

    [Fact]
    public async Task A_fallbacks_answer_is_cached_under_its_own_namespace_and_the_primary_takes_over_again()
    {
        var cache = new TieredClassificationCache(new MemoryClassificationCache(_options), _metrics, NullLogger<TieredClassificationCache>.Instance);
        var primary = Classifiers.Create(_cloud, LlmProviders.OpenAI, o =>
        {
            o.MaxRetries = 0;
            o.CircuitFailureThreshold = 100; // asked every time: this test is about the cache, not the breaker
        }, _metrics);
        var fallback = Classifiers.Create(_local, LlmProviders.Ollama, o => (o.ApiKey, o.MaxRetries) = (null, 0), _metrics);
        var chain = new LlmChain([primary, fallback], NullLogger<LlmChain>.Instance, cache);
        var service = new ClassificationService(new RuleBasedClassifier(), _options, _metrics, NullLogger<ClassificationService>.Instance, chain, cache);
        var signature = new AlertSignature(_options.Value.IgnoredLabels()).Read(Alert("web-1")).Signature;
        _cloud.Responder = _ => FakeReply.Error(500);

        var first = Assert.Single(await service.ClassifyAsync([Alert("web-1")], CancellationToken.None))!;

        Assert.Equal((ClassificationSource.Llm, LlmProviders.Ollama, DegradedReason.Error, CacheTier.None), (first.Source, first.Provider, first.DegradedReason, first.Cache));
        Assert.False(await CachedAsync(cache, primary.CacheNamespace, signature), "a fallback's answer was kept as the primary's");
        Assert.True(await CachedAsync(cache, fallback.CacheNamespace, signature), "the fallback's answer was not kept under its namespace");

        // Still failing: the primary is asked again, the fallback's answer comes from the cache.
        var second = Assert.Single(await service.ClassifyAsync([Alert("web-2")], CancellationToken.None))!;
        Assert.Equal((LlmProviders.Ollama, DegradedReason.Error, CacheTier.L1), (second.Provider, second.DegradedReason, second.Cache));
        Assert.Equal(2, _cloud.Count);
        Assert.Equal(1, _local.Count);

        // Back: the primary answers the signature, and its answer is the one kept from now on.
        _cloud.Responder = FakeAnswers.Valid;
        var third = Assert.Single(await service.ClassifyAsync([Alert("web-3")], CancellationToken.None))!;
        var fourth = Assert.Single(await service.ClassifyAsync([Alert("web-4")], CancellationToken.None))!;

        Assert.Equal((LlmProviders.OpenAI, null, CacheTier.None), (third.Provider, third.DegradedReason, third.Cache));
        Assert.Equal((LlmProviders.OpenAI, null, CacheTier.L1), (fourth.Provider, fourth.DegradedReason, fourth.Cache));
        Assert.Equal(3, _cloud.Count);
        Assert.Equal(1, _local.Count);
    }

    [Fact]
    public async Task When_every_model_fails_the_rules_answer_with_the_primarys_reason_and_nothing_is_kept()
    {
        var cache = new TieredClassificationCache(new MemoryClassificationCache(_options), _metrics, NullLogger<TieredClassificationCache>.Instance);
        _cloud.Responder = _ => FakeReply.Error(429, retryAfter: "3600");
        _local.Responder = _ => FakeReply.Error(500);
        var primary = Classifiers.Create(_cloud, LlmProviders.OpenAI, o => o.MaxRetries = 0, _metrics);
        var fallback = Classifiers.Create(_local, LlmProviders.Ollama, o => (o.ApiKey, o.MaxRetries) = (null, 0), _metrics);
        var service = new ClassificationService(new RuleBasedClassifier(), _options, _metrics, NullLogger<ClassificationService>.Instance,
            new LlmChain([primary, fallback], NullLogger<LlmChain>.Instance, cache), cache);

        var result = Assert.Single(await service.ClassifyAsync([Alert("web-1")], CancellationToken.None))!;

        Assert.Equal((ClassificationSource.Rules, DegradedReason.RateLimited), (result.Source, result.DegradedReason));
        var signature = new AlertSignature(_options.Value.IgnoredLabels()).Read(Alert("web-1")).Signature;
        Assert.False(await CachedAsync(cache, primary.CacheNamespace, signature));
        Assert.False(await CachedAsync(cache, fallback.CacheNamespace, signature));
    }

    /// <summary>Whether an answer is kept for the signature, as the chain keys it when told no corrections and no history.</summary>
    private static async Task<bool> CachedAsync(IClassificationCache cache, string ns, string signature) =>
        (await cache.GetManyAsync([IMemoryAwareClassifier.MemoryKey(ns, CorrectionExamples.None, signature, history: null)], CancellationToken.None)).Count == 1;

    private static AlertData Alert(string host) => new()
    {
        Fingerprint = host,
        Status = "firing",
        Labels = new Dictionary<string, string> { ["alertname"] = "PostgresReplicationLag", ["severity"] = "warning", ["instance"] = host, ["job"] = "postgres" },
        Annotations = new Dictionary<string, string> { ["summary"] = "Replication lag is high" },
    };
}
