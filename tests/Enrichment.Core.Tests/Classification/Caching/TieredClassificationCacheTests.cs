using System.Collections.Concurrent;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Microsoft.Extensions.Options;
using static Enrichment.Core.Tests.Classification.Caching.MemoryClassificationCacheTests;

namespace Enrichment.Core.Tests.Classification.Caching;

public class TieredClassificationCacheTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingMetrics _metrics = new();
    private readonly ListLogger<TieredClassificationCache> _logger = new();
    private readonly MemoryClassificationCache _l1;
    private readonly FakeL2 _l2 = new();

    public TieredClassificationCacheTests()
    {
        _l1 = new MemoryClassificationCache(Options.Create(new ClassificationOptions()), _clock);
    }

    private TieredClassificationCache Tiered(bool withL2 = true) => new(_l1, _metrics, _logger, withL2 ? _l2 : null, _clock);

    [Fact]
    public async Task Asks_l2_only_for_l1_misses_and_back_fills_l1()
    {
        var cache = Tiered();
        await _l1.SetManyAsync([KeyValuePair.Create("in-l1", Answer("one"))], default);
        _l2.Entries["in-l2"] = Answer("two");

        var hits = await cache.GetManyAsync(["in-l1", "in-l2", "nowhere"], default);

        Assert.Equal(CacheTier.L1, hits["in-l1"].Cache);
        Assert.Equal(CacheTier.L2, hits["in-l2"].Cache);
        Assert.False(hits.ContainsKey("nowhere"));
        Assert.Equal(["in-l2", "nowhere"], Assert.Single(_l2.Lookups).Order());
        Assert.Equal(1, _metrics.LookupsOf("l1", "hit"));
        Assert.Equal(2, _metrics.LookupsOf("l1", "miss"));
        Assert.Equal(1, _metrics.LookupsOf("l2", "hit"));
        Assert.Equal(1, _metrics.LookupsOf("l2", "miss"));

        // Back-filled: the next lookup is answered by L1 without asking L2, and still says the answer came from L2.
        var again = await cache.GetManyAsync(["in-l2"], default);
        Assert.Equal(CacheTier.L2, again["in-l2"].Cache);
        Assert.Equal(2, _metrics.LookupsOf("l1", "hit"));
        Assert.Single(_l2.Lookups);
    }

    [Fact]
    public async Task Writes_go_to_both_tiers()
    {
        await Tiered().SetManyAsync([KeyValuePair.Create("k", Answer("x"))], default);

        Assert.True(_l2.Entries.ContainsKey("k"));
        Assert.Single(await _l1.GetManyAsync(["k"], default));
    }

    [Fact]
    public async Task Without_l2_it_is_l1_alone()
    {
        var cache = Tiered(withL2: false);
        await cache.SetManyAsync([KeyValuePair.Create("k", Answer("x"))], default);

        Assert.Single(await cache.GetManyAsync(["k", "other"], default));
        Assert.Equal(0, _metrics.LookupsOf("l2", "miss"));
    }

    [Fact]
    public async Task An_unreachable_l2_degrades_to_l1_logs_once_and_is_retried_later()
    {
        var cache = Tiered();
        _l2.Down = true;

        for (var i = 0; i < 5; i++)
        {
            await cache.SetManyAsync([KeyValuePair.Create($"k{i}", Answer("x"))], default);
            Assert.Single(await cache.GetManyAsync([$"k{i}", "missing"], default));
        }

        Assert.Single(_logger.Warnings);
        // Skipped while down: one failed attempt, not one per batch.
        Assert.Equal(1, _l2.Attempts);

        _l2.Down = false;
        _clock.Advance(TieredClassificationCache.L2RetryInterval);
        _l2.Entries["only-l2"] = Answer("back");
        var hits = await cache.GetManyAsync(["only-l2"], default);
        Assert.Equal(CacheTier.L2, hits["only-l2"].Cache);
    }

    private sealed class FakeL2 : ISharedClassificationCache
    {
        public ConcurrentDictionary<string, AlertClassification> Entries { get; } = new();

        public ConcurrentQueue<IReadOnlyCollection<string>> Lookups { get; } = new();

        public bool Down { get; set; }

        public int Attempts;

        public ValueTask<IReadOnlyDictionary<string, AlertClassification>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            if (Down)
            {
                throw new TimeoutException("redis down");
            }
            Lookups.Enqueue(keys.ToList());
            IReadOnlyDictionary<string, AlertClassification> hits = keys.Where(Entries.ContainsKey).ToDictionary(k => k, k => Entries[k] with { Cache = CacheTier.L2 });
            return ValueTask.FromResult(hits);
        }

        public ValueTask SetManyAsync(IReadOnlyCollection<KeyValuePair<string, AlertClassification>> entries, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            if (Down)
            {
                throw new TimeoutException("redis down");
            }
            foreach (var (key, value) in entries)
            {
                Entries[key] = value;
            }
            return ValueTask.CompletedTask;
        }
    }
}
