using Enrichment.Core.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis.Incidents;

/// <summary>
/// The incident book shared by every worker and gateway, kept across restarts: one key holding the book (JSON) and one
/// holding its version, under <c>REDIS_KEY_PREFIX</c>. An update reads both in one <c>MGET</c>, changes the book in
/// memory and writes it back with a compare-and-set script that succeeds only if the version is still the one read;
/// otherwise it reads again and repeats the change on the newer book (optimistic concurrency). Two workers racing on one
/// storm therefore never both open an incident for it: the second sees the first's incident and joins it. Within a
/// process updates take turns, so only other processes cause retries.
/// </summary>
public sealed class RedisIncidentStore : IIncidentStore
{
    /// <summary>Writes the book only if its version is unchanged; bumps the version. Returns 1 when written.</summary>
    private const string CompareAndSet = """
        local current = redis.call('GET', KEYS[2])
        if (current or '0') ~= ARGV[1] then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], tostring(tonumber(ARGV[1]) + 1))
        return 1
        """;

    private const int MaxAttempts = 100;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisIncidentStore> _logger;
    private readonly RedisKey _book;
    private readonly RedisKey _version;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public RedisIncidentStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisIncidentStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _logger = logger;
        _book = options.Value.KeyPrefix + "incidents";
        _version = options.Value.KeyPrefix + "incidents:version";
    }

    public string Name => "redis";

    public async Task<T> UpdateAsync<T>(Func<IncidentBook, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var database = _redis.GetDatabase();
            for (var attempt = 1; ; attempt++)
            {
                var (book, version) = await LoadAsync(database, cancellationToken);
                var result = change(book);
                if (!book.Changed)
                {
                    return result;
                }
                var written = (long)await database.ScriptEvaluateAsync(CompareAndSet, [_book, _version],
                    [version, IncidentBookCodec.Encode(book)]).WaitAsync(CommandTimeout, cancellationToken);
                if (written == 1)
                {
                    return result;
                }
                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"the incident book kept changing under this update ({attempt} attempts)");
                }
                _logger.LogDebug("Incident book changed by another process; updating again (attempt {Attempt})", attempt + 1);
                // A short, random pause: two writers that collided do not collide again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10))), cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IncidentBook> ReadAsync(CancellationToken cancellationToken)
    {
        var (book, _) = await LoadAsync(_redis.GetDatabase(), cancellationToken);
        return book;
    }

    private async Task<(IncidentBook Book, string Version)> LoadAsync(IDatabase database, CancellationToken cancellationToken)
    {
        if (!_redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected", null, CommandStatus.Unknown);
        }
        var values = await database.StringGetAsync([_book, _version]).WaitAsync(CommandTimeout, cancellationToken);
        var stored = (byte[]?)values[0];
        var version = values[1].IsNull ? "0" : values[1].ToString();
        return (IncidentBookCodec.Decode(stored ?? []), version);
    }
}
