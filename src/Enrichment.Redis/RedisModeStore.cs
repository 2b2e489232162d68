using Enrichment.Core.Modes;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis;

/// <summary>The mode shared by every process: one string key, read by each process once per poll.</summary>
public sealed class RedisModeStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IEnrichmentModeStore
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly RedisKey _key = options.Value.KeyPrefix + "mode";

    public string Name => "redis";

    public async Task<EnrichmentMode?> ReadAsync(CancellationToken cancellationToken)
    {
        // Bounded: a hung connection must not hold the poll, so the last known mode stays in force visibly.
        var value = await redis.GetDatabase().StringGetAsync(_key).WaitAsync(ReadTimeout, cancellationToken);
        return EnrichmentModes.TryParse(value.ToString(), out var mode) ? mode : null;
    }

    public Task WriteAsync(EnrichmentMode mode, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(_key, mode.ToWire()).WaitAsync(cancellationToken);
}
