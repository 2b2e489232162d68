using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis;

/// <summary>
/// L2: classifications shared by every worker and kept across restarts, under
/// <c>REDIS_KEY_PREFIX</c> + <c>cls:</c> + the chain's key (classifier namespace and signature).
/// A batch costs one round trip each way: one MGET for its lookups, one pipeline for its writes,
/// each entry living <c>LLM_CACHE_TTL</c>. Failures are thrown; the tiered cache decides to go on without L2.
/// </summary>
public sealed class RedisClassificationCache : ISharedClassificationCache
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly TimeSpan _ttl;

    public RedisClassificationCache(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<ClassificationOptions> classificationOptions)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(classificationOptions);
        _redis = redis;
        _prefix = KeyPrefixOf(redisOptions.Value);
        _ttl = classificationOptions.Value.CacheTtl;
    }

    public async ValueTask<IReadOnlyDictionary<string, AlertClassification>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hits = new Dictionary<string, AlertClassification>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return hits;
        }
        ThrowIfDisconnected();
        var ordered = keys.ToArray();
        var values = await _redis.GetDatabase().StringGetAsync(ordered.Select(RedisKeyOf).ToArray()).WaitAsync(cancellationToken);
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ClassificationCodec.Decode(values[i]) is { } classification)
            {
                hits[ordered[i]] = classification;
            }
        }
        return hits;
    }

    public async ValueTask SetManyAsync(IReadOnlyCollection<KeyValuePair<string, AlertClassification>> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        ThrowIfDisconnected();
        // One pipeline: the SETs leave together and their replies are awaited together.
        var batch = _redis.GetDatabase().CreateBatch();
        var writes = entries.Select(e => batch.StringSetAsync(RedisKeyOf(e.Key), ClassificationCodec.Encode(e.Value), _ttl)).ToArray();
        batch.Execute();
        await Task.WhenAll(writes).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// While disconnected, StackExchange.Redis would park commands in its backlog until they time out
    /// (seconds): a batch must not wait for that. Failing at once lets the tiered cache go on with L1.
    /// </summary>
    private void ThrowIfDisconnected() => ThrowIfDisconnected(_redis);

    private RedisKey RedisKeyOf(string key) => _prefix + key;

    /// <summary>Where the entries live: <c>REDIS_KEY_PREFIX</c> + <c>cls:</c> (the leases' polls read them too).</summary>
    internal static string KeyPrefixOf(RedisOptions options) => options.KeyPrefix + "cls:";

    /// <summary>Fails at once while disconnected (see <see cref="ThrowIfDisconnected"/>).</summary>
    internal static void ThrowIfDisconnected(IConnectionMultiplexer redis)
    {
        if (!redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected", null, CommandStatus.Unknown);
        }
    }
}
