namespace Enrichment.Core.History;

/// <summary>
/// History in process memory, for the embedded mode (one process, no <c>REDIS_URL</c>): the same facts as Redis keeps,
/// bounded per signature and in the number of signatures and fingerprints, forgotten on restart.
/// </summary>
public sealed class InMemoryAlertHistoryStore(TimeProvider? time = null, int maxSignatures = 50_000, int maxFingerprints = 200_000) : IAlertHistoryStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SignatureLog> _signatures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FiringMemo Memo, long TouchedMs)> _memos = new(StringComparer.Ordinal);

    public string Name => "memory";

    public Task<HistoryReading> ObserveAsync(
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
        var facts = new Dictionary<string, SignatureFacts>(StringComparer.Ordinal);
        var memos = new Dictionary<string, FiringMemo>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var observation in observations)
            {
                var log = LogOf(observation.Signature, window.NowMs);
                log.FirstSeenMs ??= observation.StartMs;
                log.Firings.TryAdd((observation.Fingerprint, observation.StartMs), observation.StartMs);
                if (observation.EndMs is { } end)
                {
                    log.Resolutions.TryAdd((observation.Fingerprint, observation.StartMs), end);
                }
            }
            foreach (var log in observations.Select(o => o.Signature).Distinct(StringComparer.Ordinal).Select(s => _signatures[s]))
            {
                log.Trim(window);
            }
            foreach (var query in queries)
            {
                if (_signatures.TryGetValue(query.Signature, out var log) && !log.Expired(window.NowMs))
                {
                    facts[query.Signature] = log.Read(query, window);
                }
            }
            foreach (var fingerprint in fingerprints)
            {
                if (_memos.TryGetValue(fingerprint, out var entry) && window.NowMs - entry.TouchedMs < HistoryWindow.RetentionMs)
                {
                    memos[fingerprint] = entry.Memo;
                }
            }
            EvictIfFull();
        }
        return Task.FromResult(new HistoryReading(facts, memos));
    }

    public Task RememberAsync(IReadOnlyList<FiringMemo> memos, IReadOnlyList<SignatureCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memos);
        ArgumentNullException.ThrowIfNull(cards);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            foreach (var memo in memos)
            {
                _memos[memo.Fingerprint] = (memo, now);
            }
            foreach (var card in cards)
            {
                var log = LogOf(card.Signature, now);
                log.Sample = card.Sample ?? log.Sample;
                log.Verdict = card.Verdict ?? log.Verdict;
            }
            EvictIfFull();
        }
        return Task.CompletedTask;
    }

    public Task<FiringMemo?> FindFingerprintAsync(string fingerprint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_memos.TryGetValue(fingerprint, out var entry) && _time.GetUtcNow().ToUnixTimeMilliseconds() - entry.TouchedMs < HistoryWindow.RetentionMs
                ? entry.Memo
                : null);
        }
    }

    public Task<SignatureCard?> FindSignatureAsync(string signature, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_signatures.TryGetValue(signature, out var log) && !log.Expired(_time.GetUtcNow().ToUnixTimeMilliseconds())
                ? new SignatureCard(signature, log.Sample, log.Verdict)
                : null);
        }
    }

    private SignatureLog LogOf(string signature, long nowMs)
    {
        if (!_signatures.TryGetValue(signature, out var log) || log.Expired(nowMs))
        {
            _signatures[signature] = log = new SignatureLog();
        }
        log.TouchedMs = nowMs;
        return log;
    }

    /// <summary>Past a bound, the tenth least recently touched go: a burst of new signatures cannot grow memory without end.</summary>
    private void EvictIfFull()
    {
        if (_signatures.Count > maxSignatures)
        {
            foreach (var key in _signatures.OrderBy(p => p.Value.TouchedMs).Take(Math.Max(1, maxSignatures / 10)).Select(p => p.Key).ToList())
            {
                _signatures.Remove(key);
            }
        }
        if (_memos.Count > maxFingerprints)
        {
            foreach (var key in _memos.OrderBy(p => p.Value.TouchedMs).Take(Math.Max(1, maxFingerprints / 10)).Select(p => p.Key).ToList())
            {
                _memos.Remove(key);
            }
        }
    }

    private sealed class SignatureLog
    {
        public long? FirstSeenMs;
        public long TouchedMs;
        public SignatureSample? Sample;
        public VerdictSnapshot? Verdict;

        /// <summary>(fingerprint, start) → start.</summary>
        public readonly Dictionary<(string, long), long> Firings = [];

        /// <summary>(fingerprint, start) → end.</summary>
        public readonly Dictionary<(string, long), long> Resolutions = [];

        /// <summary>Redis lets the keys of a signature not seen for the retention expire; so does this.</summary>
        public bool Expired(long nowMs) => nowMs - TouchedMs >= HistoryWindow.RetentionMs;

        public void Trim(HistoryWindow window)
        {
            var oldest = window.NowMs - HistoryWindow.RetentionMs;
            Trim(Firings, oldest, window.MaxFirings);
            Trim(Resolutions, oldest, window.MaxFirings);
        }

        private static void Trim(Dictionary<(string, long), long> entries, long oldest, int max)
        {
            foreach (var key in entries.Where(e => e.Value < oldest).Select(e => e.Key).ToList())
            {
                entries.Remove(key);
            }
            if (entries.Count > max)
            {
                foreach (var key in entries.OrderBy(e => e.Value).Take(entries.Count - max).Select(e => e.Key).ToList())
                {
                    entries.Remove(key);
                }
            }
        }

        public SignatureFacts Read(SignatureQuery query, HistoryWindow window)
        {
            var month = window.NowMs - HistoryWindow.RetentionMs;
            var week = window.NowMs - HistoryWindow.WeekMs;
            var day = window.NowMs - HistoryWindow.FlapLookbackMs;
            return new SignatureFacts(
                FirstSeenMs,
                Fired7d: Firings.Values.Count(start => start >= week),
                Fired30d: Firings.Values.Count(start => start >= month),
                EarlierFirings: Firings.Values.Count(start => start >= month && start < query.EarlierThanMs),
                RecentDurationsMs: Resolutions.OrderByDescending(r => r.Value).Take(HistoryOptions.MedianSample)
                    .Select(r => Math.Max(0, r.Value - r.Key.Item2)).ToList(),
                RecentFirings: Firings.Where(f => f.Value >= day).OrderBy(f => f.Value).Take(HistoryWindow.MaxRecent)
                    .Select(f => new FiringEntry(f.Key.Item1, f.Value)).ToList(),
                RecentResolutions: Resolutions.Where(r => r.Value >= day - window.FlapWindowMs).OrderBy(r => r.Value).Take(HistoryWindow.MaxRecent)
                    .Select(r => new ResolutionEntry(r.Key.Item1, r.Key.Item2, r.Value)).ToList());
        }
    }
}
