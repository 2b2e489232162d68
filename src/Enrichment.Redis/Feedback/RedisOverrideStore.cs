using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis.Feedback;

/// <summary>
/// Corrections shared by every gateway and worker and kept across restarts: the hash <c>overrides</c> (signature → the
/// correction as JSON, audit included) and the counter <c>overrides:generation</c> under <c>REDIS_KEY_PREFIX</c>. Each
/// change and its generation bump are one transaction, and a read takes the set and its generation together, so a
/// worker never holds a set under a generation it does not belong to. Corrections do not expire: people remove them.
/// </summary>
public sealed class RedisOverrideStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IOverrideStore
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly RedisKey _overrides = options.Value.KeyPrefix + "overrides";
    private readonly RedisKey _generation = options.Value.KeyPrefix + "overrides:generation";

    public string Name => "redis";

    public async Task<long> GenerationAsync(CancellationToken cancellationToken)
    {
        // Bounded: a hung connection must not hold the poll; the last set read stays in force.
        var value = await redis.GetDatabase().StringGetAsync(_generation).WaitAsync(Timeout, cancellationToken);
        return value.TryParse(out long generation) ? generation : 0;
    }

    public async Task<OverrideSet> ReadAsync(CancellationToken cancellationToken)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        var generation = transaction.StringGetAsync(_generation);
        var entries = transaction.HashGetAllAsync(_overrides);
        await transaction.ExecuteAsync().WaitAsync(Timeout, cancellationToken);
        var overrides = new Dictionary<string, SignatureOverride>(StringComparer.Ordinal);
        foreach (var entry in await entries)
        {
            if (Decode(entry.Value) is { } correction && correction.Signature == entry.Name.ToString())
            {
                overrides[correction.Signature] = correction;
            }
        }
        return new OverrideSet((await generation).TryParse(out long g) ? g : 0, overrides);
    }

    public async Task<long> SetAsync(SignatureOverride correction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(_overrides, correction.Signature, JsonSerializer.Serialize(correction, EnrichmentJson.Options));
        var generation = transaction.StringIncrementAsync(_generation);
        await transaction.ExecuteAsync().WaitAsync(Timeout, cancellationToken);
        return await generation;
    }

    public async Task<(int Removed, long Generation)> DeleteAsync(string? signature, CancellationToken cancellationToken)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        Task<long> removed;
        if (signature is null)
        {
            removed = transaction.HashLengthAsync(_overrides);
            _ = transaction.KeyDeleteAsync(_overrides);
        }
        else
        {
            removed = transaction.HashDeleteAsync(_overrides, signature).ContinueWith(t => t.Result ? 1L : 0L, TaskScheduler.Default);
        }
        var generation = transaction.StringIncrementAsync(_generation);
        await transaction.ExecuteAsync().WaitAsync(Timeout, cancellationToken);
        return ((int)await removed, await generation);
    }

    private static SignatureOverride? Decode(RedisValue json)
    {
        try
        {
            return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SignatureOverride>(json.ToString(), EnrichmentJson.Options);
        }
        catch (JsonException)
        {
            // Written by another version: not applied rather than failing every poll.
            return null;
        }
    }
}
