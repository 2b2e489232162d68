using System.Globalization;
using Enrichment.Core.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis.Incidents;

/// <summary>
/// The incident book shared by every worker and gateway, kept across restarts: one key holding the book (JSON), one
/// holding its version and a hash holding the archive of resolved incidents, under <c>REDIS_KEY_PREFIX</c>. An update reads the book, changes it in memory and writes it back
/// with a compare-and-set script that succeeds only if the version is still the one read; otherwise it reads again and
/// repeats the change on the newer book (optimistic concurrency). Two workers racing on one storm therefore never both
/// open an incident for it: the second sees the first's incident and joins it. Within a process updates take turns, so
/// only other processes cause retries; and the process keeps the book it last wrote, so the book crosses the wire (and is
/// decoded) only when another process wrote since.
/// </summary>
public sealed class RedisIncidentStore : IIncidentStore, IDisposable
{
    /// <summary>
    /// Writes the book only if its version is unchanged, bumps the version, and moves incidents into (ARGV[3]: how many
    /// id/JSON pairs follow) and out of (the remaining ids) the archive hash, all at once. Returns 1 when written.
    /// </summary>
    private const string CompareAndSet = """
        local current = redis.call('GET', KEYS[2]) or '0'
        if current ~= ARGV[1] then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], tostring(tonumber(ARGV[1]) + 1))
        local moved = tonumber(ARGV[3])
        for i = 0, moved - 1 do
          redis.call('HSET', KEYS[3], ARGV[4 + 2 * i], ARGV[5 + 2 * i])
        end
        for i = 4 + 2 * moved, #ARGV do
          redis.call('HDEL', KEYS[3], ARGV[i])
        end
        return 1
        """;

    /// <summary>The version, and the book only when its version is not the one the caller holds.</summary>
    private const string ReadIfChanged = """
        local current = redis.call('GET', KEYS[2]) or '0'
        if current == ARGV[1] then
          return {current}
        end
        return {current, redis.call('GET', KEYS[1]) or ''}
        """;

    private const int MaxAttempts = 100;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisIncidentStore> _logger;
    private readonly RedisKey _book;
    private readonly RedisKey _version;
    private readonly RedisKey _archive;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The book as this process last read or wrote it, with its version (held under the gate).
    private IncidentBook? _cached;
    private string _cachedVersion = "";

    public RedisIncidentStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisIncidentStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _logger = logger;
        _book = options.Value.KeyPrefix + "incidents";
        _version = options.Value.KeyPrefix + "incidents:version";
        _archive = options.Value.KeyPrefix + "incidents:archive";
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
                // Dropped until this attempt ends well: a change that throws half-way must not leave its traces in the cache.
                _cached = null;
                book.ClearChanged();
                var result = change(book);
                if (!book.Changed)
                {
                    (_cached, _cachedVersion) = (book, version);
                    return result;
                }
                var arguments = new List<RedisValue>(4 + (2 * book.ToArchive.Count) + book.ArchiveDeletes.Count)
                {
                    version, IncidentBookCodec.Encode(book), book.ToArchive.Count,
                };
                foreach (var incident in book.ToArchive)
                {
                    arguments.Add(incident.Id);
                    arguments.Add(IncidentBookCodec.EncodeIncident(incident));
                }
                arguments.AddRange(book.ArchiveDeletes.Select(id => (RedisValue)id));
                var written = (long)await database.ScriptEvaluateAsync(CompareAndSet, [_book, _version, _archive], [.. arguments])
                    .WaitAsync(CommandTimeout, cancellationToken);
                if (written == 1)
                {
                    (_cached, _cachedVersion) = (book, (long.Parse(version, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
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
        ThrowIfDisconnected();
        // Always a fresh copy (readers must not share the book updates change), with the archive after the live incidents.
        var database = _redis.GetDatabase();
        var stored = database.StringGetAsync(_book);
        var archived = database.HashValuesAsync(_archive);
        await Task.WhenAll(stored, archived).WaitAsync(CommandTimeout, cancellationToken);
        var book = IncidentBookCodec.Decode((byte[]?)stored.Result ?? []);
        book.Incidents.AddRange(archived.Result.Select(v => IncidentBookCodec.DecodeIncident((byte[])v!)).OfType<IncidentState>());
        return book;
    }

    /// <summary>The current book: the cached one while its version is current, else read and decoded.</summary>
    private async Task<(IncidentBook Book, string Version)> LoadAsync(IDatabase database, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        var held = _cached is null ? "" : _cachedVersion;
        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(ReadIfChanged, [_book, _version], [held]).WaitAsync(CommandTimeout, cancellationToken))!;
        var version = reply[0].ToString();
        if (reply.Length == 1 && _cached is not null)
        {
            return (_cached, version);
        }
        return (IncidentBookCodec.Decode((byte[]?)reply[1] ?? []), version);
    }

    private void ThrowIfDisconnected()
    {
        if (!_redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected", null, CommandStatus.Unknown);
        }
    }

    public void Dispose() => _gate.Dispose();
}
