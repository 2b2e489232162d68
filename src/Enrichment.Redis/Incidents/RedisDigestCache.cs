using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Incidents.Digest;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis.Incidents;

/// <summary>
/// Incident digests shared by every worker and kept across restarts, under <c>REDIS_KEY_PREFIX</c> + <c>digest:</c> + the
/// digester's namespace and the incident's set of signatures, each for <c>LLM_CACHE_TTL</c>; in front of it, process memory.
/// </summary>
public sealed class RedisDigestCache(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<ClassificationOptions> classification) : IDigestCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(2);

    private readonly MemoryDigestCache _memory = new();
    private readonly string _prefix = redisOptions.Value.KeyPrefix + "digest:";
    private readonly TimeSpan _ttl = classification.Value.CacheTtl;

    public async Task<IncidentDigestData?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (await _memory.GetAsync(key, cancellationToken) is { } hit)
        {
            return hit;
        }
        if (!redis.IsConnected)
        {
            return null;
        }
        var value = await redis.GetDatabase().StringGetAsync(_prefix + key).WaitAsync(CommandTimeout, cancellationToken);
        if (value.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            var digest = JsonSerializer.Deserialize<IncidentDigestData>((byte[])value!, Json);
            if (digest is not null)
            {
                await _memory.SetAsync(key, digest, cancellationToken);
            }
            return digest;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SetAsync(string key, IncidentDigestData digest, CancellationToken cancellationToken)
    {
        await _memory.SetAsync(key, digest, cancellationToken);
        if (redis.IsConnected)
        {
            await redis.GetDatabase().StringSetAsync(_prefix + key, JsonSerializer.SerializeToUtf8Bytes(digest, Json), _ttl).WaitAsync(CommandTimeout, cancellationToken);
        }
    }
}
