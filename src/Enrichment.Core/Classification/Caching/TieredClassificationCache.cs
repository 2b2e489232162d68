using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Classification.Caching;

/// <summary>
/// The classification cache the chain uses: L1 (process memory) first, then L2 (shared, when
/// configured) for L1's misses only, back-filling L1 with L2's hits. Writes go to both. L2 failing
/// never fails a batch: it is skipped for <see cref="L2RetryInterval"/> and the outage is logged
/// once, so a Redis outage costs neither a log line nor a timeout per batch.
/// </summary>
public sealed class TieredClassificationCache : IClassificationCache
{
    public static readonly TimeSpan L2RetryInterval = TimeSpan.FromSeconds(10);

    private readonly MemoryClassificationCache _l1;
    private readonly ISharedClassificationCache? _l2;
    private readonly IEnrichmentMetrics _metrics;
    private readonly ILogger<TieredClassificationCache> _logger;
    private readonly TimeProvider _clock;
    private long _l2SkipUntilTicks;
    private int _l2Down;

    public TieredClassificationCache(
        MemoryClassificationCache l1,
        IEnrichmentMetrics metrics,
        ILogger<TieredClassificationCache> logger,
        ISharedClassificationCache? l2 = null,
        TimeProvider? clock = null)
    {
        _l1 = l1;
        _l2 = l2;
        _metrics = metrics;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async ValueTask<IReadOnlyDictionary<string, AlertClassification>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var l1Hits = await _l1.GetManyAsync(keys, cancellationToken);
        Record(CacheTier.L1, l1Hits.Count, keys.Count);
        if (l1Hits.Count == keys.Count || !L2Available())
        {
            return l1Hits;
        }

        var l1Misses = keys.Where(k => !l1Hits.ContainsKey(k)).ToList();
        IReadOnlyDictionary<string, AlertClassification> l2Hits;
        try
        {
            l2Hits = await _l2!.GetManyAsync(l1Misses, cancellationToken);
            L2Succeeded();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            L2Failed(ex);
            return l1Hits;
        }
        Record(CacheTier.L2, l2Hits.Count, l1Misses.Count);
        if (l2Hits.Count == 0)
        {
            return l1Hits;
        }

        await _l1.SetManyAsync(l2Hits.ToList(), cancellationToken);
        var hits = new Dictionary<string, AlertClassification>(l1Hits, StringComparer.Ordinal);
        foreach (var (key, classification) in l2Hits)
        {
            hits[key] = classification;
        }
        return hits;
    }

    public async ValueTask SetManyAsync(IReadOnlyCollection<KeyValuePair<string, AlertClassification>> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await _l1.SetManyAsync(entries, cancellationToken);
        if (entries.Count == 0 || !L2Available())
        {
            return;
        }
        try
        {
            await _l2!.SetManyAsync(entries, cancellationToken);
            L2Succeeded();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            L2Failed(ex);
        }
    }

    private void Record(string tier, int hits, int lookups)
    {
        if (hits > 0)
        {
            _metrics.CacheLookups(tier, "hit", hits);
        }
        if (lookups > hits)
        {
            _metrics.CacheLookups(tier, "miss", lookups - hits);
        }
    }

    private bool L2Available() =>
        _l2 is not null && _clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _l2SkipUntilTicks);

    private void L2Failed(Exception ex)
    {
        Interlocked.Exchange(ref _l2SkipUntilTicks, (_clock.GetUtcNow() + L2RetryInterval).UtcTicks);
        if (Interlocked.Exchange(ref _l2Down, 1) == 0)
        {
            _logger.LogWarning("Classification cache L2 unreachable, carrying on with L1 only and retrying every {Interval}s: {Error}",
                L2RetryInterval.TotalSeconds, ex.Message);
        }
    }

    private void L2Succeeded()
    {
        if (Interlocked.Exchange(ref _l2Down, 0) == 1)
        {
            _logger.LogInformation("Classification cache L2 reachable again");
        }
    }
}
