using System.Globalization;
using Enrichment.Core.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis.Incidents;

/// <summary>
/// The incident book shared by every worker and gateway, kept across restarts, under <c>REDIS_KEY_PREFIX</c>: a hash holding
/// each incident (JSON) and the book's own fields, a hash of the version each of them was last written at, the book's
/// version, and a hash holding the archive of resolved incidents. An update reads what changed since the version this
/// process holds, changes the book in memory and writes back only the incidents it changed, with a compare-and-set script
/// that succeeds only if the book's version is still the one read; otherwise it reads again and repeats the change on the
/// newer book (optimistic concurrency). Two workers racing on one storm therefore never both open an incident for it: the
/// second sees the first's incident and joins it. Within a process updates take turns, so only other processes cause
/// retries.
/// <para>
/// Incident by incident, because a book of a long storm holds megabytes (every open incident's members, profiles and
/// example alerts) while a batch changes one or two incidents: a book read and written whole by every batch was the
/// worker's largest cost and its latency (docs/PERFORMANCE.md). An update names the incidents it changed
/// (<see cref="IncidentBook.MarkChanged(IncidentState)"/>); one that cannot say (<see cref="IncidentBook.MarkChanged()"/>)
/// has every incident compared with what is stored, and only those that differ are written.
/// </para>
/// </summary>
public sealed class RedisIncidentStore : IIncidentStore, IDisposable
{
    /// <summary>The field of the book's own fields (pod topology, archive list, incident order); incidents are <c>i:&lt;id&gt;</c>.</summary>
    private const string FieldsField = "book";

    /// <summary>
    /// Writes only if the book's version is unchanged: sets (ARGV[2] pairs) and deletes (then a count and names) fields of the
    /// items hash, stamping each with the new version, moves incidents into (a count of id/JSON pairs) and out of (the rest)
    /// the archive, bumps the version and drops the book of earlier releases (one key, JSON). Returns 1 when written.
    /// </summary>
    private const string CompareAndSet = """
        local current = redis.call('GET', KEYS[2]) or '0'
        if current ~= ARGV[1] then
          return 0
        end
        local version = tostring(tonumber(ARGV[1]) + 1)
        local i = 2
        local sets = tonumber(ARGV[i]); i = i + 1
        for _ = 1, sets do
          redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
          redis.call('HSET', KEYS[3], ARGV[i], version)
          i = i + 2
        end
        local deletes = tonumber(ARGV[i]); i = i + 1
        for _ = 1, deletes do
          redis.call('HDEL', KEYS[1], ARGV[i])
          redis.call('HDEL', KEYS[3], ARGV[i])
          i = i + 1
        end
        local moved = tonumber(ARGV[i]); i = i + 1
        for _ = 1, moved do
          redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
          i = i + 2
        end
        while i <= #ARGV do
          redis.call('HDEL', KEYS[4], ARGV[i])
          i = i + 1
        end
        redis.call('SET', KEYS[2], version)
        redis.call('DEL', KEYS[5])
        return 1
        """;

    /// <summary>
    /// The version; unless it is the one the caller holds (ARGV[1]), the name and value of every field written after the
    /// held version. With no fields yet, the book of an earlier release, if any.
    /// </summary>
    private const string ReadChanges = """
        local current = redis.call('GET', KEYS[2]) or '0'
        if current == ARGV[1] then
          return {current}
        end
        local held = tonumber(ARGV[1]) or -1
        local versions = redis.call('HGETALL', KEYS[3])
        if #versions == 0 then
          local earlier = redis.call('GET', KEYS[4])
          if earlier then
            return {current, 'earlier', earlier}
          end
        end
        local out = {current, 'items'}
        for i = 1, #versions, 2 do
          if tonumber(versions[i + 1]) > held then
            out[#out + 1] = versions[i]
            out[#out + 1] = redis.call('HGET', KEYS[1], versions[i]) or ''
          end
        end
        return out
        """;

    private const int MaxAttempts = 100;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisIncidentStore> _logger;
    private readonly RedisKey _items;
    private readonly RedisKey _itemVersions;
    private readonly RedisKey _version;
    private readonly RedisKey _archive;
    private readonly RedisKey _earlierBook;
    private readonly RedisKey _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<PendingChange> _queue = [];

    // What this process last read or wrote, exactly as stored at its version (held under the gate).
    private Held? _held;

    public RedisIncidentStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisIncidentStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _logger = logger;
        _items = options.Value.KeyPrefix + "incidents:items";
        _itemVersions = options.Value.KeyPrefix + "incidents:item-versions";
        _version = options.Value.KeyPrefix + "incidents:version";
        _archive = options.Value.KeyPrefix + "incidents:archive";
        _earlierBook = options.Value.KeyPrefix + "incidents";
        _writer = options.Value.KeyPrefix + "incidents:writer";
    }

    public string Name => "redis";

    public async Task<T> UpdateAsync<T>(Func<IncidentBook, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var pending = new PendingChange(book => change(book));
        lock (_queue)
        {
            _queue.Add(pending);
        }
        // Group commit: whoever holds the gate applies every change queued by then in one update (one read, one write),
        // so concurrent batches of a process cost one round of Redis, and the processes race each other less.
        while (!pending.Done.Task.IsCompleted)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                List<PendingChange> group;
                lock (_queue)
                {
                    group = [.. _queue];
                    _queue.Clear();
                }
                if (group.Count > 0)
                {
                    await ApplyAsync(group, cancellationToken);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        return (T)(await pending.Done.Task)!;
    }

    private sealed class PendingChange(Func<IncidentBook, object?> change)
    {
        public Func<IncidentBook, object?> Change { get; } = change;
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Applies the group's changes, in order, to one book and writes it once; each change gets its own result.</summary>
    private async Task ApplyAsync(List<PendingChange> group, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var turn = await TakeTurnAsync(database, cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var loaded = await LoadAsync(database, cancellationToken);
                var book = loaded.Book;
                book.ClearChanged();
                if (loaded.Earlier)
                {
                    // A book of an earlier release, stored whole: written incident by incident by this update.
                    book.MarkChanged();
                }
                var results = new object?[group.Count];
                var failed = -1;
                for (var i = 0; i < group.Count && failed < 0; i++)
                {
                    try
                    {
                        results[i] = group[i].Change(book);
                    }
#pragma warning disable CA1031 // The change's own failure goes to its caller; the others are applied again without it.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        group[i].Done.TrySetException(ex);
                        failed = i;
                    }
                }
                if (failed >= 0)
                {
                    // A change that throws half-way must not leave its traces: start again from what is stored, without it.
                    _held = null;
                    group.RemoveAt(failed);
                    if (group.Count == 0)
                    {
                        return;
                    }
                    continue;
                }
                if (!book.Changed)
                {
                    Complete(group, results);
                    return;
                }
                var write = Writes(book, loaded.Held, loaded.Earlier);
                var written = (long)await database.ScriptEvaluateAsync(CompareAndSet, [_items, _version, _itemVersions, _archive, _earlierBook],
                    write.Arguments(loaded.Version, book)).WaitAsync(CommandTimeout, cancellationToken);
                if (written == 1)
                {
                    _held = write.Held(book, NextVersion(loaded.Version));
                    Complete(group, results);
                    return;
                }
                Forget(book, loaded.Held);
                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"the incident book kept changing under this update ({attempt} attempts)");
                }
                _logger.LogDebug("Incident book changed by another process; updating again (attempt {Attempt})", attempt + 1);
                // A short, random pause: two writers that collided do not collide again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10))), cancellationToken);
            }
        }
        catch (Exception ex)
        {
            // Whatever failed (a timeout mid-write, say), what is held may no longer be what is stored.
            _held = null;
            foreach (var pending in group)
            {
                pending.Done.TrySetException(ex);
            }
        }
        finally
        {
            if (turn is { } token)
            {
                database.ScriptEvaluate(ReleaseTurn, [_writer], [token], CommandFlags.FireAndForget);
            }
        }
    }

    /// <summary>
    /// Workers take turns at the book: a short lease (<see cref="TurnLease"/>) that a writer waits up to <see cref="TurnWait"/>
    /// for. Advisory only (the compare-and-set keeps the book whole without it), but two workers that update one storm's
    /// incident at once otherwise lose races in a row, each loss a read, a change and a write thrown away: the tail of the
    /// latency. Null when the turn was not had (Redis slow, a holder that died): the update goes ahead optimistically.
    /// </summary>
    private async Task<string?> TakeTurnAsync(IDatabase database, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + TurnWait;
        try
        {
            while (true)
            {
                if (await database.StringSetAsync(_writer, token, TurnLease, When.NotExists).WaitAsync(CommandTimeout, cancellationToken))
                {
                    return token;
                }
                if (DateTime.UtcNow >= deadline)
                {
                    return null;
                }
                await Task.Delay(1, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    private const string ReleaseTurn = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private static readonly TimeSpan TurnLease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TurnWait = TimeSpan.FromMilliseconds(250);

    private static void Complete(List<PendingChange> group, object?[] results)
    {
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(results[i]);
        }
    }

    public async Task<IncidentBook> ReadAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        // Always a fresh copy (readers must not share the book updates change), with the archive after the live incidents.
        var database = _redis.GetDatabase();
        var stored = database.HashGetAllAsync(_items);
        var earlier = database.StringGetAsync(_earlierBook);
        var archived = database.HashValuesAsync(_archive);
        await Task.WhenAll(stored, earlier, archived).WaitAsync(CommandTimeout, cancellationToken);
        var fields = stored.Result.ToDictionary(e => e.Name.ToString(), e => (byte[]?)e.Value, StringComparer.Ordinal);
        var book = fields.Count == 0 ? IncidentBookCodec.Decode((byte[]?)earlier.Result ?? []) : Assemble(fields, held: null, version: "")!.Value.Book;
        book.Incidents.AddRange(archived.Result.Select(v => IncidentBookCodec.DecodeIncident((byte[])v!)).OfType<IncidentState>());
        return book;
    }

    private sealed record Loaded(IncidentBook Book, string Version, Held? Held, bool Earlier);

    /// <summary>The current book: what this process holds, with what other processes wrote since read and decoded.</summary>
    private async Task<Loaded> LoadAsync(IDatabase database, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        var held = _held;
        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(ReadChanges, [_items, _version, _itemVersions, _earlierBook], [held?.Version ?? ""])
            .WaitAsync(CommandTimeout, cancellationToken))!;
        var version = reply[0].ToString();
        if (reply.Length == 1 && held is not null)
        {
            return new Loaded(held.Book(), version, held, Earlier: false);
        }
        if (reply.Length > 1 && reply[1].ToString() == "earlier")
        {
            _held = null;
            return new Loaded(IncidentBookCodec.Decode((byte[]?)reply[2] ?? []), version, null, Earlier: true);
        }
        var changed = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        for (var i = 2; i + 1 < reply.Length; i += 2)
        {
            changed[reply[i].ToString()] = (byte[]?)reply[i + 1];
        }
        var assembled = Assemble(changed, held, version);
        if (assembled is null)
        {
            // An incident the order names that this process neither holds nor was sent: read everything once.
            _held = null;
            return await LoadAsync(database, cancellationToken);
        }
        return new Loaded(assembled.Value.Book, version, assembled.Value.Held, Earlier: false);
    }

    /// <summary>A book of the stored fields, reusing what <paramref name="held"/> holds where a field did not change.</summary>
    /// <param name="version">The version <paramref name="stored"/> was read at: after a lost race only what changed since is read again.</param>
    private static (IncidentBook Book, Held Held)? Assemble(IReadOnlyDictionary<string, byte[]?> stored, Held? held, string version)
    {
        var fieldsBytes = stored.GetValueOrDefault(FieldsField) ?? held?.FieldsBytes;
        var decoded = fieldsBytes is null ? null : IncidentBookCodec.DecodeFields(fieldsBytes);
        var fields = stored.GetValueOrDefault(FieldsField) is null && held is not null ? held.Fields : decoded?.Book ?? new IncidentBook();
        var order = decoded?.Order ?? [];
        var incidents = new Dictionary<string, IncidentState>(StringComparer.Ordinal);
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var replaced = new List<(IncidentState? Before, IncidentState? After)>();
        foreach (var id in order)
        {
            var field = IncidentField(id);
            if (stored.GetValueOrDefault(field) is { } fresh)
            {
                var incident = IncidentBookCodec.DecodeIncident(fresh);
                if (incident is not null)
                {
                    incidents[id] = incident;
                    bytes[id] = fresh;
                }
                replaced.Add((held?.Incidents.GetValueOrDefault(id), incident));
            }
            else if (held is not null && held.Incidents.TryGetValue(id, out var kept))
            {
                incidents[id] = kept;
                bytes[id] = held.IncidentBytes[id];
            }
            else if (held is not null)
            {
                return null;
            }
        }
        if (held is not null)
        {
            var kept = order.ToHashSet(StringComparer.Ordinal);
            replaced.AddRange(held.Order.Where(id => !kept.Contains(id)).Select(id => ((IncidentState?)held.Incidents[id], (IncidentState?)null)));
        }
        var next = new Held
        {
            FieldsBytes = fieldsBytes ?? [],
            Fields = fields,
            Incidents = incidents,
            IncidentBytes = bytes,
            Order = order.Where(incidents.ContainsKey).ToList(),
            // The links index points at incident objects: brought up to date with the ones replaced, added and gone.
            Indexed = held?.Indexed,
            Replaced = replaced,
            Version = version,
        };
        return (next.Book(), next);
    }

    /// <summary>What an update writes: the incidents and fields that differ from what is stored, and the incidents gone.</summary>
    private sealed class Write
    {
        public List<(string Field, byte[] Value)> Sets { get; } = [];
        public List<string> Deletes { get; } = [];
        public Dictionary<string, byte[]> IncidentBytes { get; } = new(StringComparer.Ordinal);
        public byte[]? FieldsBytes { get; set; }
        public Held? Before { get; init; }

        public RedisValue[] Arguments(string version, IncidentBook book)
        {
            var arguments = new List<RedisValue> { version, Sets.Count };
            foreach (var (field, value) in Sets)
            {
                arguments.Add(field);
                arguments.Add(value);
            }
            arguments.Add(Deletes.Count);
            arguments.AddRange(Deletes.Select(d => (RedisValue)d));
            arguments.Add(book.ToArchive.Count);
            foreach (var incident in book.ToArchive)
            {
                arguments.Add(incident.Id);
                arguments.Add(IncidentBookCodec.EncodeIncident(incident));
            }
            arguments.AddRange(book.ArchiveDeletes.Select(id => (RedisValue)id));
            return [.. arguments];
        }

        /// <summary>What the process holds once this write succeeded: the book as it now is in Redis.</summary>
        public Held Held(IncidentBook book, string version)
        {
            var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var incident in book.Incidents)
            {
                bytes[incident.Id] = IncidentBytes.TryGetValue(incident.Id, out var written) ? written : Before!.IncidentBytes[incident.Id];
            }
            return new Held
            {
                Version = version,
                FieldsBytes = FieldsBytes ?? Before!.FieldsBytes,
                Fields = book,
                Incidents = book.Incidents.ToDictionary(i => i.Id, StringComparer.Ordinal),
                IncidentBytes = bytes,
                Order = book.Incidents.Select(i => i.Id).ToList(),
                Indexed = book,
            };
        }
    }

    private static Write Writes(IncidentBook book, Held? held, bool earlier)
    {
        var write = new Write { Before = held };
        var everything = held is null || earlier || book.AnythingChanged;
        foreach (var incident in book.Incidents)
        {
            byte[]? stored = null;
            var known = held is not null && held.IncidentBytes.TryGetValue(incident.Id, out stored);
            if (!everything && known && !book.ChangedIncidents.Contains(incident))
            {
                continue;
            }
            var encoded = IncidentBookCodec.EncodeIncident(incident);
            write.IncidentBytes[incident.Id] = encoded;
            if (!known || !encoded.AsSpan().SequenceEqual(stored))
            {
                write.Sets.Add((IncidentField(incident.Id), encoded));
            }
        }
        var ids = book.Incidents.Select(i => i.Id).ToList();
        if (held is not null)
        {
            var current = ids.ToHashSet(StringComparer.Ordinal);
            write.Deletes.AddRange(held.Order.Where(id => !current.Contains(id)).Select(IncidentField));
        }
        if (everything || book.TopologyChanged || !ids.SequenceEqual(held!.Order, StringComparer.Ordinal))
        {
            var encoded = IncidentBookCodec.EncodeFields(book);
            write.FieldsBytes = encoded;
            if (held is null || !encoded.AsSpan().SequenceEqual(held.FieldsBytes))
            {
                write.Sets.Add((FieldsField, encoded));
            }
        }
        return write;
    }

    /// <summary>
    /// After a write that lost the race: the incidents and fields this attempt changed in place go back to what is stored,
    /// so that the next attempt starts from the stored book (plus what other processes wrote).
    /// </summary>
    private void Forget(IncidentBook book, Held? held)
    {
        if (held is null || book.AnythingChanged)
        {
            _held = null;
            return;
        }
        foreach (var incident in book.ChangedIncidents)
        {
            if (held.IncidentBytes.TryGetValue(incident.Id, out var stored) && IncidentBookCodec.DecodeIncident(stored) is { } pristine)
            {
                held.Incidents[incident.Id] = pristine;
            }
        }
        if (book.TopologyChanged && IncidentBookCodec.DecodeFields(held.FieldsBytes) is { } fields)
        {
            held.Fields = fields.Book;
        }
        held.Indexed = null;
        _held = held;
    }

    private static string IncidentField(string id) => "i:" + id;

    private static string NextVersion(string version) => (long.Parse(version, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The book at one version, incident by incident, exactly as stored, and each one's stored bytes.</summary>
    private sealed class Held
    {
        public required string Version { get; set; }
        public required byte[] FieldsBytes { get; init; }
        public required IncidentBook Fields { get; set; }
        public required Dictionary<string, IncidentState> Incidents { get; init; }
        public required Dictionary<string, byte[]> IncidentBytes { get; init; }
        public required List<string> Order { get; init; }
        /// <summary>The book whose links index is valid for these incident objects, if any, once <see cref="Replaced"/> are applied to it.</summary>
        public IncidentBook? Indexed { get; set; }

        /// <summary>Incident objects swapped since <see cref="Indexed"/> was built (applied to its index by the next book).</summary>
        public List<(IncidentState? Before, IncidentState? After)> Replaced { get; set; } = [];

        /// <summary>A new book over the held objects: the list is the update's own, the incidents are shared until changed.</summary>
        public IncidentBook Book()
        {
            var book = new IncidentBook
            {
                PodHosts = Fields.PodHosts,
                PodHostOrder = Fields.PodHostOrder,
                Archived = Fields.Archived,
                Incidents = Order.Select(id => Incidents[id]).ToList(),
            };
            if (Indexed is not null)
            {
                // The index is patched once: the book it now belongs to is the one later updates build on.
                book.KeepIndexOf(Indexed, Replaced);
                Indexed = book;
                Replaced = [];
            }
            return book;
        }
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
