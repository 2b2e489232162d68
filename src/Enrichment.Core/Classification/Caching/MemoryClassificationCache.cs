using Microsoft.Extensions.Options;

namespace Enrichment.Core.Classification.Caching;

/// <summary>
/// L1: answers in process memory, bounded by <c>LLM_CACHE_L1_SIZE</c> (least recently used out
/// first) and by <c>LLM_CACHE_TTL</c>. One lock around a dictionary and a recency list: a batch
/// touches it twice (one lookup, one write), so contention is negligible next to a model call.
/// </summary>
public sealed class MemoryClassificationCache : IClassificationCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _clock;

    public MemoryClassificationCache(IOptions<ClassificationOptions> options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.CacheL1Size;
        _ttl = options.Value.CacheTtl;
        _clock = clock ?? TimeProvider.System;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<IReadOnlyDictionary<string, AlertClassification>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = _clock.GetUtcNow();
        var hits = new Dictionary<string, AlertClassification>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (!_entries.TryGetValue(key, out var node))
                {
                    continue;
                }
                if (node.Value.ExpiresAt <= now)
                {
                    Remove(node);
                    continue;
                }
                // Most recently used to the front; eviction takes from the back.
                _recency.Remove(node);
                _recency.AddFirst(node);
                hits[key] = node.Value.Classification;
            }
        }
        return ValueTask.FromResult<IReadOnlyDictionary<string, AlertClassification>>(hits);
    }

    public ValueTask SetManyAsync(IReadOnlyCollection<KeyValuePair<string, AlertClassification>> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var expiresAt = _clock.GetUtcNow() + _ttl;
        lock (_gate)
        {
            foreach (var (key, classification) in entries)
            {
                if (_entries.TryGetValue(key, out var existing))
                {
                    Remove(existing);
                }
                // Stored already stamped, so a hit allocates nothing. An answer copied in from L2 keeps saying
                // l2: `cache` tells where this process got the answer (its own earlier call, or the shared cache).
                var tier = classification.Cache == CacheTier.L2 ? CacheTier.L2 : CacheTier.L1;
                var node = _recency.AddFirst(new Entry(key, classification with { Cache = tier }, expiresAt));
                _entries[key] = node;
                while (_entries.Count > _capacity)
                {
                    Remove(_recency.Last!);
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private sealed record Entry(string Key, AlertClassification Classification, DateTimeOffset ExpiresAt);
}
