using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Core.Rules;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm.Tests;

/// <summary>
/// The chain of models takes the service's memory: the primary and a fallback are both told the alert's history class
/// and the corrections, and the fallback's answer is kept under the same examples' tag and class as the primary's would be.
/// </summary>
public sealed class ChainMemoryTests : IAsyncLifetime
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
    public async Task Both_models_are_told_the_history_and_the_corrections_and_the_fallbacks_answer_is_kept_under_them()
    {
        var cache = new TieredClassificationCache(new MemoryClassificationCache(_options), _metrics, NullLogger<TieredClassificationCache>.Instance);
        var primary = Classifiers.Create(_cloud, LlmProviders.OpenAI, o => (o.MaxRetries, o.CircuitFailureThreshold) = (0, 100), _metrics);
        var fallback = Classifiers.Create(_local, LlmProviders.Ollama, o => (o.ApiKey, o.MaxRetries) = (null, 0), _metrics);
        var store = new InMemoryOverrideStore();
        var overrides = new OverrideState(store, Options.Create(new FeedbackOptions()), NullLogger<OverrideState>.Instance);
        var service = new ClassificationService(new RuleBasedClassifier(), _options, _metrics, NullLogger<ClassificationService>.Instance,
            new LlmChain([primary, fallback], NullLogger<LlmChain>.Instance, cache), cache, overrides);
        await store.SetAsync(new SignatureOverride
        {
            Signature = "0123456789abcdef0123456789abcdef", Severity = "info", Note = "the canary fleet", By = "feedback-token", At = DateTimeOffset.UnixEpoch,
            Sample = new SignatureSample(new Dictionary<string, string> { ["alertname"] = "CanaryDown" }, new Dictionary<string, string>(), null),
        }, default);
        await overrides.RefreshAsync(default);
        var alert = new AlertData
        {
            Fingerprint = "web-1", Status = "firing",
            Labels = new Dictionary<string, string> { ["alertname"] = "PostgresReplicationLag", ["severity"] = "warning", ["instance"] = "web-1" },
            Annotations = new Dictionary<string, string> { ["summary"] = "Replication lag is high" },
        };
        var signed = new AlertSignature(_options.Value.IgnoredLabels()).Read(alert);
        var transient = new HistoryClass(Novelty.Recurring, Transient: true);
        _cloud.Responder = _ => FakeReply.Error(500);

        var result = Assert.Single(await service.ClassifyAsync([alert], new ClassificationContext([signed], [transient]), CancellationToken.None))!;

        Assert.Equal(LlmProviders.Ollama, result.Provider);
        foreach (var request in new[] { Assert.Single(_cloud.Requests), Assert.Single(_local.Requests) })
        {
            Assert.StartsWith("recurring and transient", Assert.Single(request.Alerts()).GetProperty("history").GetString(), StringComparison.Ordinal);
            Assert.Contains("the canary fleet", request.AllText(), StringComparison.Ordinal);
        }
        var key = IMemoryAwareClassifier.MemoryKey(fallback.CacheNamespace, overrides.Current.Examples, signed.Signature, transient);
        Assert.StartsWith(fallback.CacheNamespace + "/c", key, StringComparison.Ordinal);
        Assert.NotEqual("c0", overrides.Current.Examples.Tag);
        Assert.Single(await cache.GetManyAsync([key], CancellationToken.None));
    }
}
