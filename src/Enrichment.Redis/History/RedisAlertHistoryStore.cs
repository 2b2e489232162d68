using Enrichment.Core.History;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis.History;

/// <summary>
/// History shared by every worker (see <see cref="HistoryKeys"/> for what is kept where). A batch costs two round trips:
/// one pipeline that records its firings and resolutions, trims and refreshes the signatures it touched and reads what
/// it needs, and one that writes the memos and cards once the batch is classified. Trimmed on every write to the last
/// 30 days and <c>HISTORY_MAX_FIRINGS</c> entries per signature; every key expires 30 days after it was last written.
/// Failures are thrown; <see cref="AlertMemory"/> then sends the batch without history.
/// </summary>
public sealed class RedisAlertHistoryStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IAlertHistoryStore
{
    /// <summary>A little longer than the window, so a signature's keys never expire before what they count falls out of it.</summary>
    private static readonly TimeSpan KeyLifetime = HistoryOptions.Retention + TimeSpan.FromDays(1);

    /// <summary>A batch does not wait longer for history than this: a hung Redis must not hold the pipeline.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly HistoryKeys _keys = new(options.Value.KeyPrefix);

    public string Name => "redis";

    public async Task<HistoryReading> ObserveAsync(
        IReadOnlyList<HistoryObservation> observations,
        IReadOnlyList<SignatureQuery> queries,
        IReadOnlyCollection<string> fingerprints,
        HistoryWindow window,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentNullException.ThrowIfNull(window);
        ThrowIfDisconnected();
        var batch = redis.GetDatabase().CreateBatch();
        var writes = new List<Task>();
        foreach (var observation in observations)
        {
            var member = HistoryKeys.Member(observation.Fingerprint, observation.StartMs);
            writes.Add(batch.SortedSetAddAsync(_keys.Firings(observation.Signature), member, observation.StartMs, SortedSetWhen.NotExists));
            if (observation.EndMs is { } end)
            {
                writes.Add(batch.SortedSetAddAsync(_keys.Resolutions(observation.Signature), member, end, SortedSetWhen.NotExists));
            }
        }
        var month = window.NowMs - HistoryWindow.RetentionMs;
        foreach (var first in observations.GroupBy(o => o.Signature, StringComparer.Ordinal))
        {
            var signature = first.Key;
            writes.Add(batch.StringSetAsync(_keys.First(signature), first.Min(o => o.StartMs), KeyLifetime, When.NotExists));
            foreach (var key in new[] { _keys.Firings(signature), _keys.Resolutions(signature) })
            {
                writes.Add(batch.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, month, Exclude.Stop));
                writes.Add(batch.SortedSetRemoveRangeByRankAsync(key, 0, -(window.MaxFirings + 1)));
                writes.Add(batch.KeyExpireAsync(key, KeyLifetime));
            }
            writes.Add(batch.KeyExpireAsync(_keys.First(signature), KeyLifetime));
        }

        var reads = queries.Select(query => (query.Signature, Read: ReadFacts(batch, query, window))).ToList();
        var memoKeys = fingerprints.ToArray();
        var memos = batch.StringGetAsync(memoKeys.Select(_keys.Memo).ToArray());
        batch.Execute();
        await Task.WhenAll(writes).WaitAsync(Timeout, cancellationToken);

        var facts = new Dictionary<string, SignatureFacts>(StringComparer.Ordinal);
        foreach (var (signature, read) in reads)
        {
            facts[signature] = await read.WaitAsync(Timeout, cancellationToken);
        }
        var values = await memos.WaitAsync(Timeout, cancellationToken);
        var found = new Dictionary<string, FiringMemo>(StringComparer.Ordinal);
        for (var i = 0; i < memoKeys.Length; i++)
        {
            if (HistoryCodec.DecodeMemo(memoKeys[i], values[i]) is { } memo)
            {
                found[memoKeys[i]] = memo;
            }
        }
        return new HistoryReading(facts, found);
    }

    /// <summary>Queues the reads of one signature on the pipeline; the task completes when the pipeline has answered.</summary>
    private async Task<SignatureFacts> ReadFacts(IBatch batch, SignatureQuery query, HistoryWindow window)
    {
        var firings = _keys.Firings(query.Signature);
        var resolutions = _keys.Resolutions(query.Signature);
        var month = window.NowMs - HistoryWindow.RetentionMs;
        var day = window.NowMs - HistoryWindow.FlapLookbackMs;
        var first = batch.StringGetAsync(_keys.First(query.Signature));
        var week = batch.SortedSetLengthAsync(firings, window.NowMs - HistoryWindow.WeekMs, double.PositiveInfinity);
        var all = batch.SortedSetLengthAsync(firings, month, double.PositiveInfinity);
        var earlier = batch.SortedSetLengthAsync(firings, month, query.EarlierThanMs, Exclude.Stop);
        var recentResolutions = batch.SortedSetRangeByRankWithScoresAsync(resolutions, -HistoryOptions.MedianSample, -1);
        var dayFirings = batch.SortedSetRangeByScoreWithScoresAsync(firings, day, double.PositiveInfinity, take: HistoryWindow.MaxRecent);
        var dayResolutions = batch.SortedSetRangeByScoreWithScoresAsync(resolutions, day - window.FlapWindowMs, double.PositiveInfinity, take: HistoryWindow.MaxRecent);

        var firstSeen = await first;
        return new SignatureFacts(
            FirstSeenMs: firstSeen.TryParse(out long ms) ? ms : null,
            Fired7d: (int)await week,
            Fired30d: (int)await all,
            EarlierFirings: (int)await earlier,
            RecentDurationsMs: Resolved(await recentResolutions).Select(r => Math.Max(0, r.EndMs - r.StartMs)).ToList(),
            RecentFirings: (await dayFirings).Select(e => HistoryKeys.ParseMember(e.Element) is { } m ? new FiringEntry(m.Fingerprint, (long)e.Score) : (FiringEntry?)null)
                .OfType<FiringEntry>().ToList(),
            RecentResolutions: Resolved(await dayResolutions).ToList());
    }

    private static IEnumerable<ResolutionEntry> Resolved(SortedSetEntry[] entries) =>
        entries.Select(e => HistoryKeys.ParseMember(e.Element) is { } m ? new ResolutionEntry(m.Fingerprint, m.StartMs, (long)e.Score) : (ResolutionEntry?)null)
            .OfType<ResolutionEntry>();

    public async Task RememberAsync(IReadOnlyList<FiringMemo> memos, IReadOnlyList<SignatureCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memos);
        ArgumentNullException.ThrowIfNull(cards);
        if (memos.Count == 0 && cards.Count == 0)
        {
            return;
        }
        ThrowIfDisconnected();
        var batch = redis.GetDatabase().CreateBatch();
        var writes = new List<Task>();
        foreach (var memo in memos)
        {
            writes.Add(batch.StringSetAsync(_keys.Memo(memo.Fingerprint), HistoryCodec.Encode(memo), KeyLifetime));
        }
        foreach (var card in cards)
        {
            var fields = new List<HashEntry>(2);
            if (card.Sample is { } sample)
            {
                fields.Add(new HashEntry("sample", HistoryCodec.Encode(sample)));
            }
            if (card.Verdict is { } verdict)
            {
                fields.Add(new HashEntry("verdict", HistoryCodec.Encode(verdict)));
            }
            if (fields.Count > 0)
            {
                writes.Add(batch.HashSetAsync(_keys.Card(card.Signature), fields.ToArray()));
                writes.Add(batch.KeyExpireAsync(_keys.Card(card.Signature), KeyLifetime));
            }
        }
        batch.Execute();
        await Task.WhenAll(writes).WaitAsync(Timeout, cancellationToken);
    }

    public async Task<FiringMemo?> FindFingerprintAsync(string fingerprint, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        var value = await redis.GetDatabase().StringGetAsync(_keys.Memo(fingerprint)).WaitAsync(Timeout, cancellationToken);
        return HistoryCodec.DecodeMemo(fingerprint, value);
    }

    public async Task<SignatureCard?> FindSignatureAsync(string signature, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        var fields = await redis.GetDatabase().HashGetAllAsync(_keys.Card(signature)).WaitAsync(Timeout, cancellationToken);
        if (fields.Length == 0)
        {
            return null;
        }
        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        return new SignatureCard(signature,
            HistoryCodec.Decode<SignatureSample>(map.GetValueOrDefault("sample")),
            HistoryCodec.Decode<VerdictSnapshot>(map.GetValueOrDefault("verdict")));
    }

    /// <summary>Fail at once while disconnected, rather than park the batch in the backlog for seconds.</summary>
    private void ThrowIfDisconnected()
    {
        if (!redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected", null, CommandStatus.Unknown);
        }
    }
}
