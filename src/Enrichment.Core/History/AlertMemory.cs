using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.History;

/// <summary>
/// A worker's memory of alerts, per batch: <see cref="RecallAsync"/> records the batch's firings and resolutions and
/// tells each alert's history before it is classified (the model sees its class); <see cref="RememberAsync"/> keeps
/// what was decided once the batch is classified. Never throws for the store: an alert whose history cannot be read
/// goes out with <c>history: null</c>, as with <c>HISTORY_ENABLED=false</c>.
/// <para>
/// <b>Counting.</b> A firing is one (fingerprint, <c>startsAt</c>): Alertmanager re-sends a firing alert every
/// <c>group_interval</c>/<c>repeat_interval</c> with the same <c>startsAt</c>, and those re-sends are the same firing. A
/// resolution is the same pair with its <c>endsAt</c>; a resolved alert never seen firing counts as a firing too.
/// Times are the alert's own (<c>startsAt</c>, <c>endsAt</c>), not when it reached us, so group waits and queues do
/// not stretch the time to resolve; a time in the future is taken as now.
/// </para>
/// <para>
/// A store that fails is left alone for <see cref="RetryInterval"/>: while Redis is away batches neither wait for it
/// nor log a line each; the outage is logged once, and its end.
/// </para>
/// </summary>
public sealed class AlertMemory(IAlertHistoryStore store, IOptions<HistoryOptions> options, TimeProvider time, ILogger<AlertMemory> logger)
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    private readonly HistoryOptions _options = options.Value;
    private long _skipUntilTicks;
    private int _down;

    public bool Enabled => _options.Enabled;

    /// <summary>Records the alerts (each with its signature and receive time) and returns their histories.</summary>
    public async Task<RecalledHistory> RecallAsync(
        IReadOnlyList<AlertData> alerts,
        IReadOnlyList<string> signatures,
        IReadOnlyList<DateTimeOffset> receivedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(receivedAt);
        if (!Enabled || alerts.Count == 0)
        {
            return RecalledHistory.None(alerts.Count);
        }
        var now = time.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref _skipUntilTicks))
        {
            return RecalledHistory.None(alerts.Count);
        }
        var nowMs = now.ToUnixTimeMilliseconds();
        var starts = new long[alerts.Count];
        var observations = new HashSet<HistoryObservation>();
        var earliest = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
        {
            starts[i] = StartMs(alerts[i], receivedAt[i], nowMs);
            observations.Add(new HistoryObservation(signatures[i], alerts[i].Fingerprint, starts[i], EndMs(alerts[i], starts[i], nowMs)));
            earliest[signatures[i]] = earliest.TryGetValue(signatures[i], out var seen) ? Math.Min(seen, starts[i]) : starts[i];
        }
        var burst = (long)_options.BurstWindow.TotalMilliseconds;
        var window = new HistoryWindow(nowMs, (long)_options.FlapWindow.TotalMilliseconds, _options.MaxFirings);
        HistoryReading reading;
        try
        {
            reading = await store.ObserveAsync(
                observations.ToList(),
                earliest.Select(e => new SignatureQuery(e.Key, e.Value - burst)).ToList(),
                alerts.Select(a => a.Fingerprint).Distinct(StringComparer.Ordinal).ToList(),
                window,
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _skipUntilTicks, (now + RetryInterval).UtcTicks);
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                logger.LogWarning("History store {Store} failed; alerts go out without history, trying again every {Interval}s: {Error}",
                    store.Name, RetryInterval.TotalSeconds, ex.Message);
            }
            return RecalledHistory.None(alerts.Count);
        }
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            logger.LogInformation("History store {Store} is reachable again", store.Name);
        }

        var histories = new AlertHistory?[alerts.Count];
        var memos = new FiringMemo?[alerts.Count];
        var decided = new Dictionary<string, HistoryClass>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
        {
            var signature = signatures[i];
            if (!reading.Facts.TryGetValue(signature, out var facts))
            {
                continue;
            }
            // Kept from the firing's first sight, so that its labels downstream do not change while it fires.
            var memo = reading.Memos.GetValueOrDefault(alerts[i].Fingerprint);
            HistoryClass @class;
            if (memo is not null && memo.StartMs == starts[i] && memo.Signature == signature)
            {
                @class = memo.Class;
            }
            else if (!decided.TryGetValue(signature, out @class))
            {
                decided[signature] = @class = HistoryCalculator.Decide(facts, _options);
            }
            histories[i] = HistoryCalculator.Describe(facts, @class, starts[i], _options);
            memos[i] = new FiringMemo(alerts[i].Fingerprint, signature, starts[i], @class.Novelty, @class.Transient);
        }
        return new RecalledHistory(histories, memos);
    }

    /// <summary>
    /// Keeps each firing's class and each signature's view and last verdict (not a correction: that is what a
    /// correction records as replaced). Failures are logged; the events go out regardless.
    /// </summary>
    public async Task RememberAsync(
        RecalledHistory recalled,
        IReadOnlyList<SignedAlert> signed,
        IReadOnlyList<AlertClassification?> verdicts,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recalled);
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(verdicts);
        var memos = recalled.Memos.OfType<FiringMemo>().ToList();
        if (memos.Count == 0)
        {
            return;
        }
        var cards = new Dictionary<string, SignatureCard>(StringComparer.Ordinal);
        for (var i = 0; i < signed.Count; i++)
        {
            var verdict = verdicts.Count > i && verdicts[i] is { Source: not ClassificationSource.Override } v
                ? new VerdictSnapshot(v.Severity.ToWire(), v.Category.ToWire(), v.Source)
                : null;
            if (cards.TryGetValue(signed[i].Signature, out var card))
            {
                if (card.Verdict is null && verdict is not null)
                {
                    cards[signed[i].Signature] = card with { Verdict = verdict };
                }
                continue;
            }
            var view = signed[i].View;
            cards[signed[i].Signature] = new SignatureCard(signed[i].Signature,
                new SignatureSample(view.Labels, view.Annotations, GeneratorExpression.Of(view.GeneratorUrl)), verdict);
        }
        try
        {
            await store.RememberAsync(memos, cards.Values.ToList(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("History store {Store} did not keep a batch's decisions: {Error}", store.Name, ex.Message);
        }
    }

    /// <summary>The alert's <c>startsAt</c> (when it was received if it has none), never after now.</summary>
    private static long StartMs(AlertData alert, DateTimeOffset receivedAt, long nowMs)
    {
        var start = AlertTime.IsSet(alert.StartsAt) ? alert.StartsAt.Value : receivedAt;
        return Math.Min(start.ToUnixTimeMilliseconds(), nowMs);
    }

    /// <summary>For a resolved alert its <c>endsAt</c> (now if it has none or one in the future), never before its start.</summary>
    private static long? EndMs(AlertData alert, long startMs, long nowMs)
    {
        if (alert.Status != AlertStatus.Resolved)
        {
            return null;
        }
        var end = AlertTime.IsSet(alert.EndsAt) ? Math.Min(alert.EndsAt.Value.ToUnixTimeMilliseconds(), nowMs) : nowMs;
        return Math.Max(end, startMs);
    }
}

/// <summary>A batch's histories (null where unknown) and the memos to keep for it, by the batch's alert index.</summary>
public sealed record RecalledHistory(IReadOnlyList<AlertHistory?> Histories, IReadOnlyList<FiringMemo?> Memos)
{
    public static RecalledHistory None(int count) => new(new AlertHistory?[count], new FiringMemo?[count]);

    /// <summary>Each alert's class, as the classifier is told it; null where unknown.</summary>
    public IReadOnlyList<HistoryClass?> Classes => Histories.Select(h => h?.Class).ToList();
}
