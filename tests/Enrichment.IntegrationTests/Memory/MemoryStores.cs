using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Redis;
using Enrichment.Redis.Feedback;
using Enrichment.Redis.History;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.IntegrationTests.Memory;

/// <summary>The two implementations of each memory store, so that one test holds both to the same behaviour.</summary>
public sealed class MemoryStores : IAsyncDisposable
{
    private readonly ConnectionMultiplexer? _redis;

    private MemoryStores(string kind, TimeProvider clock)
    {
        Kind = kind;
        if (kind == "redis")
        {
            _redis = ConnectionMultiplexer.Connect(TestServices.RedisUrl);
            Prefix = TestServices.NewRedisPrefix("memory");
            var options = Options.Create(new RedisOptions { Url = TestServices.RedisUrl, KeyPrefix = Prefix });
            History = new RedisAlertHistoryStore(_redis, options);
            Overrides = new RedisOverrideStore(_redis, options);
        }
        else
        {
            History = new InMemoryAlertHistoryStore(clock);
            Overrides = new InMemoryOverrideStore();
        }
    }

    public string Kind { get; }

    public string Prefix { get; } = "";

    public IAlertHistoryStore History { get; }

    public IOverrideStore Overrides { get; }

    public IDatabase Redis => _redis?.GetDatabase() ?? throw new InvalidOperationException("not the Redis store");

    public static MemoryStores Create(string kind, TimeProvider? clock = null) => new(kind, clock ?? TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
