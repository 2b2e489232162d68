using System.Collections.Concurrent;
using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Rules;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Redis;
using Enrichment.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.IntegrationTests.Classification;

/// <summary>
/// Single flight across worker processes on a real Redis: two classification chains, each with its own connection,
/// L1 and model (as two worker processes have), meet one storm on a cold cache. Only the model is faked: it answers
/// slowly and counts its calls.
/// </summary>
public sealed class SignatureLeaseTests : IAsyncLifetime
{
    private const string Namespace = "fake/slow/v1";
    private readonly string _prefix = TestServices.NewRedisPrefix("lease");
    private ConnectionMultiplexer _first = null!;
    private ConnectionMultiplexer _second = null!;

    public async Task InitializeAsync()
    {
        _first = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
        _second = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_storm_met_by_two_workers_costs_one_model_call_per_signature_batch_not_two()
    {
        var (modelA, metricsA) = (new SlowModel(), new RecordingMetrics());
        var (modelB, metricsB) = (new SlowModel(), new RecordingMetrics());
        var workerA = Worker(_first, modelA, metricsA);
        var workerB = Worker(_second, modelB, metricsB);

        // Five batches of 100 alerts of 20 rules each, all at once in both workers.
        var batches = Enumerable.Range(0, 10).Select(b => (Worker: b % 2 == 0 ? workerA : workerB, Alerts: Storm(100, rules: 20, offset: b * 100))).ToList();
        var results = await Task.WhenAll(batches.Select(b => b.Worker.ClassifyAsync(b.Alerts, Deadline())));

        Assert.Equal(1, modelA.Calls + modelB.Calls);
        Assert.Equal(20, modelA.AlertsAsked + modelB.AlertsAsked);
        Assert.All(results.SelectMany(r => r), c => Assert.Equal(SlowModel.SummaryPrefix, c!.Summary[..SlowModel.SummaryPrefix.Length]));
        Assert.All(results.SelectMany(r => r), c => Assert.Equal(ClassificationSource.Llm, c!.Source));
        // The worker that did not ask read the other's answers from L2.
        var waiter = modelA.Calls == 0 ? results.Where((_, b) => b % 2 == 0) : results.Where((_, b) => b % 2 == 1);
        Assert.All(waiter.SelectMany(r => r), c => Assert.Equal(CacheTier.L2, c!.Cache));
        Assert.Equal(20, metricsA.SingleFlightsOf(CrossProcessFlight.Outcomes.Led) + metricsB.SingleFlightsOf(CrossProcessFlight.Outcomes.Led));
        Assert.Equal(20, metricsA.SingleFlightsOf(CrossProcessFlight.Outcomes.Waited) + metricsB.SingleFlightsOf(CrossProcessFlight.Outcomes.Waited));
    }

    [Fact]
    public async Task A_lease_whose_holder_died_is_taken_over_once_it_expires()
    {
        var ttl = TimeSpan.FromSeconds(1);
        var alerts = Storm(30, rules: 3, offset: 0);
        var model = new SlowModel();
        var metrics = new RecordingMetrics();
        var worker = Worker(_second, model, metrics, ttl);
        var keys = worker.Sign(alerts).Select(s => Namespace + ":" + s.Signature).Distinct().ToList();

        // A worker claimed the signatures and was killed: it never renews, answers or releases.
        var dead = await new RedisSignatureLeases(_first, Options.Create(new RedisOptions { KeyPrefix = _prefix }), ttl, TimeSpan.FromMilliseconds(50))
            .ClaimAsync(keys, default);
        Assert.Equal(3, dead.Owned.Count);
        Assert.True(await _first.GetDatabase().KeyExistsAsync(_prefix + "cls-lease:" + keys[0]));

        var leaseAtCall = new ConcurrentQueue<bool>();
        model.OnCall = () => leaseAtCall.Enqueue(keys.Any(k => _second.GetDatabase().KeyExists(_prefix + "cls-lease:" + k)));
        var results = await worker.ClassifyAsync(alerts, Deadline());

        Assert.Equal(1, model.Calls);
        // It asked once the dead worker's leases had expired, not before.
        Assert.Equal([false], leaseAtCall);
        Assert.All(results, c => Assert.Equal(ClassificationSource.Llm, c!.Source));
        Assert.Equal(3, metrics.SingleFlightsOf(CrossProcessFlight.Outcomes.TookOver));
        // Its answers are in L2 for every worker.
        Assert.Equal(3, (await L2(_first).GetManyAsync(keys, default)).Count);
    }

    [Fact]
    public async Task A_degraded_answer_which_is_never_cached_frees_the_waiter_at_once_not_after_the_ttl()
    {
        // A TTL past the test's deadline: waiting for it would fail the test.
        var ttl = TimeSpan.FromMinutes(5);
        var alerts = Storm(40, rules: 4, offset: 0);
        var failing = new SlowModel { Fail = true, Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var answering = new SlowModel();
        var metricsB = new RecordingMetrics();
        var polled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workerA = Worker(_first, failing, new RecordingMetrics(), ttl);
        var workerB = new ClassificationService(new RuleBasedClassifier(), Options.Create(new ClassificationOptions()), metricsB,
            NullLogger<ClassificationService>.Instance, answering, Cache(_second, metricsB),
            leases: new ObservedLeases(Leases(_second, ttl), polled));

        var first = workerA.ClassifyAsync(alerts, Deadline());
        await failing.Called.Task.WaitAsync(Deadline());
        var second = workerB.ClassifyAsync(alerts, Deadline());
        // B is waiting for A's answer; only now does A's model fail.
        await polled.Task.WaitAsync(Deadline());
        failing.Gate.SetResult();
        var (byA, byB) = (await first, await second);

        Assert.All(byA, c => Assert.Equal((ClassificationSource.Rules, DegradedReason.Error), (c!.Source, c.DegradedReason)));
        Assert.Equal(1, answering.Calls);
        Assert.All(byB, c => Assert.Equal(ClassificationSource.Llm, c!.Source));
        Assert.Equal(4, metricsB.SingleFlightsOf(CrossProcessFlight.Outcomes.TookOver));
    }

    [Fact]
    public async Task With_Redis_unreachable_each_worker_asks_as_without_leases()
    {
        var configuration = ConfigurationOptions.Parse($"127.0.0.1:{HostProcess.FreePort()}");
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 500;
        await using var dead = await ConnectionMultiplexer.ConnectAsync(configuration);
        var model = new SlowModel();
        var metrics = new RecordingMetrics();

        var results = await Worker(dead, model, metrics).ClassifyAsync(Storm(20, rules: 2, offset: 0), Deadline());

        Assert.Equal(1, model.Calls);
        Assert.All(results, c => Assert.Equal(ClassificationSource.Llm, c!.Source));
        Assert.Equal(2, metrics.SingleFlightsOf(CrossProcessFlight.Outcomes.NoLease));
    }

    /// <summary>A bound on every wait: a test that would wait for a lease's TTL fails instead.</summary>
    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private RedisClassificationCache L2(IConnectionMultiplexer redis) =>
        new(redis, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(new ClassificationOptions()));

    private RedisSignatureLeases Leases(IConnectionMultiplexer redis, TimeSpan? ttl) =>
        new(redis, Options.Create(new RedisOptions { KeyPrefix = _prefix }), ttl ?? RedisSignatureLeases.DefaultTtl, RedisSignatureLeases.DefaultPollInterval);

    private TieredClassificationCache Cache(IConnectionMultiplexer redis, IEnrichmentMetrics metrics) =>
        new(new MemoryClassificationCache(Options.Create(new ClassificationOptions())), metrics, NullLogger<TieredClassificationCache>.Instance, L2(redis));

    /// <summary>The chain as one worker process builds it: its own connection, L1 and model; the shared L2 and leases.</summary>
    private ClassificationService Worker(IConnectionMultiplexer redis, IAlertClassifier model, IEnrichmentMetrics metrics, TimeSpan? ttl = null) =>
        new(new RuleBasedClassifier(), Options.Create(new ClassificationOptions()), metrics, NullLogger<ClassificationService>.Instance,
            model, Cache(redis, metrics), leases: Leases(redis, ttl));

    private static List<AlertData> Storm(int count, int rules, int offset) => Enumerable.Range(offset, count).Select(host => new AlertData
    {
        Fingerprint = $"fp-{host}",
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = $"LeaseRule{host % rules}", ["severity"] = "warning", ["instance"] = $"host-{host}:9100" },
        Annotations = new Dictionary<string, string> { ["summary"] = $"LeaseRule{host % rules} on host-{host}" },
    }).ToList();

    /// <summary>The model, slow as a real one (the storm's 500 ms), counting its calls; or failing every alert.</summary>
    private sealed class SlowModel : IAlertClassifier
    {
        public const string SummaryPrefix = "slow model: ";
        private readonly ConcurrentQueue<int> _calls = new();

        public string CacheNamespace => Namespace;

        public int Calls => _calls.Count;

        public int AlertsAsked => _calls.Sum();

        public bool Fail { get; init; }

        /// <summary>When set, the call answers only once it is opened.</summary>
        public TaskCompletionSource? Gate { get; init; }

        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action? OnCall { get; set; }

        public async Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
        {
            _calls.Enqueue(alerts.Count);
            OnCall?.Invoke();
            Called.TrySetResult();
            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }
            // The model's latency, not a wait for a condition: the other worker must meet the call in flight.
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            return alerts.Select(a => Fail ? ClassifierAnswer.Failed(DegradedReason.Error) : ClassifierAnswer.Answered(new AlertClassification
            {
                Severity = Severity.Warning, Category = AlertCategory.Infrastructure, Confidence = 0.8,
                Summary = SummaryPrefix + a.Labels["alertname"], Reasoning = "slow", Recommendations = ["wait"],
                Source = ClassificationSource.Llm, Provider = "fake", Model = "slow",
            })).ToList();
        }
    }

    /// <summary>Real leases that say when their owner first polls, i.e. is waiting for another worker's answer.</summary>
    private sealed class ObservedLeases(ISignatureLeases inner, TaskCompletionSource polled) : ISignatureLeases
    {
        public TimeSpan Ttl => inner.Ttl;

        public TimeSpan PollInterval => inner.PollInterval;

        public ValueTask<LeaseClaim> ClaimAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => inner.ClaimAsync(keys, cancellationToken);

        public ValueTask RenewAsync(string token, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => inner.RenewAsync(token, keys, cancellationToken);

        public ValueTask ReleaseAsync(string token, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => inner.ReleaseAsync(token, keys, cancellationToken);

        public ValueTask<LeasePoll> PollAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        {
            polled.TrySetResult();
            return inner.PollAsync(keys, cancellationToken);
        }
    }
}
