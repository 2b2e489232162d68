using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Classification.Caching;

public class MemoryClassificationCacheTests
{
    internal static AlertClassification Answer(string summary) => new()
    {
        Severity = Severity.Warning, Category = AlertCategory.Network, Confidence = 0.8, Summary = summary,
        Source = ClassificationSource.Llm, Provider = "fake", Model = "m",
    };

    private static MemoryClassificationCache Cache(int size = 100, TimeSpan? ttl = null, TimeProvider? clock = null) =>
        new(Options.Create(new ClassificationOptions { CacheL1Size = size, CacheTtl = ttl ?? TimeSpan.FromHours(24) }), clock);

    [Fact]
    public async Task Hits_come_back_stamped_l1_and_misses_are_absent()
    {
        var cache = Cache();
        await cache.SetManyAsync([KeyValuePair.Create("a", Answer("A"))], default);

        var hits = await cache.GetManyAsync(["a", "b"], default);

        var hit = Assert.Single(hits);
        Assert.Equal("a", hit.Key);
        Assert.Equal("A", hit.Value.Summary);
        Assert.Equal(CacheTier.L1, hit.Value.Cache);
        Assert.Equal(ClassificationSource.Llm, hit.Value.Source);
    }

    [Fact]
    public async Task Is_bounded_and_evicts_the_least_recently_used()
    {
        var cache = Cache(size: 3);
        await cache.SetManyAsync([KeyValuePair.Create("a", Answer("A")), KeyValuePair.Create("b", Answer("B")), KeyValuePair.Create("c", Answer("C"))], default);
        await cache.GetManyAsync(["a"], default); // a is now more recent than b

        await cache.SetManyAsync([KeyValuePair.Create("d", Answer("D"))], default);

        Assert.Equal(3, cache.Count);
        var hits = await cache.GetManyAsync(["a", "b", "c", "d"], default);
        Assert.Equal(["a", "c", "d"], hits.Keys.Order());
    }

    [Fact]
    public async Task Entries_expire_after_the_ttl()
    {
        var clock = new ManualClock();
        var cache = Cache(ttl: TimeSpan.FromMinutes(5), clock: clock);
        await cache.SetManyAsync([KeyValuePair.Create("a", Answer("A"))], default);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Single(await cache.GetManyAsync(["a"], default));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await cache.GetManyAsync(["a"], default));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_rewrite_replaces_the_entry_without_growing()
    {
        var cache = Cache(size: 2);
        await cache.SetManyAsync([KeyValuePair.Create("a", Answer("old"))], default);
        await cache.SetManyAsync([KeyValuePair.Create("a", Answer("new"))], default);

        Assert.Equal(1, cache.Count);
        Assert.Equal("new", (await cache.GetManyAsync(["a"], default))["a"].Summary);
    }
}
