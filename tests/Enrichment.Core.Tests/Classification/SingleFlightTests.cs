using System.Collections.Concurrent;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Classification;

/// <summary>Concurrent batches in one process never ask the model about the same signature at the same time.</summary>
public class SingleFlightTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static AlertData Alert(string rule, int host) => new()
    {
        Fingerprint = $"{rule}-{host}",
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = rule, ["instance"] = $"host-{host}:9100", ["severity"] = "warning" },
        Annotations = new Dictionary<string, string> { ["summary"] = $"{rule} on host-{host}" },
    };

    private static ClassificationService Service(IAlertClassifier model)
    {
        var options = Options.Create(new ClassificationOptions());
        var cache = new TieredClassificationCache(new MemoryClassificationCache(options), NullEnrichmentMetrics.Instance,
            NullLogger<TieredClassificationCache>.Instance);
        return new ClassificationService(new RuleBasedClassifier(), options, NullEnrichmentMetrics.Instance,
            NullLogger<ClassificationService>.Instance, model, cache);
    }

    [Fact]
    public async Task Two_concurrent_batches_with_the_same_signature_cost_one_model_call()
    {
        var model = new BlockingClassifier();
        var service = Service(model);

        var first = service.ClassifyAsync([Alert("DiskFull", 1)], default);
        await model.WaitForCallsAsync(1);
        var second = service.ClassifyAsync([Alert("DiskFull", 2), Alert("DiskFull", 3)], default);
        Assert.False(second.IsCompleted, "the second batch must wait for the first one's answer");

        model.Release();
        var results = (await first.WaitAsync(Generous)).Concat(await second.WaitAsync(Generous)).ToList();

        Assert.Single(model.Calls);
        Assert.All(results, r => Assert.Equal(ClassificationSource.Llm, r!.Source));
        // The answer the waiting batch shares is rendered for each of its alerts, not for the one asked about.
        Assert.Equal(["model: DiskFull on host-1:9100", "model: DiskFull on host-2:9100", "model: DiskFull on host-3:9100"], results.Select(r => r!.Summary));
    }

    [Fact]
    public async Task A_batch_asks_only_for_what_is_not_in_flight_and_does_so_without_waiting()
    {
        var model = new BlockingClassifier();
        var service = Service(model);

        var first = service.ClassifyAsync([Alert("DiskFull", 1)], default);
        await model.WaitForCallsAsync(1);
        var second = service.ClassifyAsync([Alert("DiskFull", 2), Alert("CpuHigh", 2)], default);
        // The second batch asks about its own signature while the first still holds DiskFull.
        await model.WaitForCallsAsync(2);

        model.Release();
        await Task.WhenAll(first, second).WaitAsync(Generous);

        Assert.Equal([["DiskFull"], ["CpuHigh"]], model.Calls.Select(c => c.ToArray()).ToArray());
        Assert.All(await second, r => Assert.Equal(ClassificationSource.Llm, r!.Source));
    }

    [Fact]
    public async Task When_the_owner_fails_the_waiters_get_the_rules_instead_of_hanging_and_nothing_is_cached()
    {
        var model = new BlockingClassifier { Fail = true };
        var service = Service(model);

        var first = service.ClassifyAsync([Alert("DiskFull", 1)], default);
        await model.WaitForCallsAsync(1);
        var second = service.ClassifyAsync([Alert("DiskFull", 2)], default);
        model.Release();

        var waiter = Assert.Single(await second.WaitAsync(Generous));
        Assert.Equal(ClassificationSource.Rules, waiter!.Source);
        Assert.Equal(DegradedReason.Error, waiter.DegradedReason);
        Assert.Equal(DegradedReason.Error, Assert.Single(await first.WaitAsync(Generous))!.DegradedReason);

        // Degraded answers were not cached: the next batch asks the model again.
        model.Fail = false;
        var third = await service.ClassifyAsync([Alert("DiskFull", 3)], default).WaitAsync(Generous);
        Assert.Equal(2, model.Calls.Count);
        Assert.Equal(ClassificationSource.Llm, third[0]!.Source);
    }

    /// <summary>A model that holds every call until released, recording the alert names of each call.</summary>
    private sealed class BlockingClassifier : IAlertClassifier
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _entered = new(0);

        public ConcurrentQueue<IReadOnlyList<string>> Calls { get; } = new();

        public bool Fail { get; set; }

        public string CacheNamespace => "fake/blocking/v1";

        public void Release() => _gate.TrySetResult();

        public async Task WaitForCallsAsync(int count)
        {
            while (Calls.Count < count)
            {
                Assert.True(await _entered.WaitAsync(Generous), $"the model was not called {count} time(s)");
            }
        }

        public async Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
        {
            Calls.Enqueue(alerts.Select(a => a.Labels["alertname"]).ToList());
            _entered.Release();
            await _gate.Task.WaitAsync(cancellationToken);
            if (Fail)
            {
                throw new HttpRequestException("model down");
            }
            return alerts.Select(a => ClassifierAnswer.Answered(new AlertClassification
            {
                Severity = Severity.Critical, Category = AlertCategory.Storage, Confidence = 0.9, Summary = $"model: {a.Labels["alertname"]} on {a.Labels["instance"]}",
                Source = ClassificationSource.Llm, Provider = "fake", Model = "blocking",
            })).ToList();
        }
    }
}
