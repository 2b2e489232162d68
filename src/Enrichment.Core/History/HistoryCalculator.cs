namespace Enrichment.Core.History;

/// <summary>
/// What a signature's facts mean — the one place that decides it, whichever store kept them:
/// <list type="bullet">
/// <item><c>novelty</c>: <c>new</c> without an earlier firing (one that started more than <c>HISTORY_BURST_WINDOW</c>
/// before this alert), <c>rare</c> with fewer than <c>HISTORY_RECURRING_FIRINGS</c>, <c>recurring</c> from there on;</item>
/// <item><c>transient</c>: recurring, with at least as many resolutions known as make it recurring, and a median time
/// from firing to resolved of at most <c>HISTORY_TRANSIENT_MAX_DURATION</c>;</item>
/// <item><c>flapping</c>: at least <c>HISTORY_FLAP_COUNT</c> firings in the last 24 hours that came within
/// <c>HISTORY_FLAP_WINDOW</c> of the same alert (fingerprint) resolving.</item>
/// </list>
/// </summary>
public static class HistoryCalculator
{
    public static HistoryClass Decide(SignatureFacts facts, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var novelty = facts.EarlierFirings == 0 ? Novelty.New
            : facts.EarlierFirings < options.RecurringFirings ? Novelty.Rare
            : Novelty.Recurring;
        var median = Median(facts.RecentDurationsMs);
        var transient = novelty == Novelty.Recurring
            && facts.RecentDurationsMs.Count >= Math.Min(options.RecurringFirings, HistoryOptions.MedianSample)
            && median is { } m && m <= options.TransientMaxDuration.TotalMilliseconds;
        return new HistoryClass(novelty, transient);
    }

    /// <summary>The history an event shows: the current counts, and the class decided for its firing.</summary>
    public static AlertHistory Describe(SignatureFacts facts, HistoryClass decided, long alertStartMs, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var median = Median(facts.RecentDurationsMs);
        return new AlertHistory(
            FirstSeen: DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(facts.FirstSeenMs ?? alertStartMs, alertStartMs)),
            Fired7d: facts.Fired7d,
            Fired30d: facts.Fired30d,
            MedianResolveSeconds: median is { } ms ? (long)Math.Round(ms / 1000.0, MidpointRounding.AwayFromZero) : null,
            Flapping: Flaps(facts.RecentFirings, facts.RecentResolutions, (long)options.FlapWindow.TotalMilliseconds) >= options.FlapCount,
            Novelty: decided.Novelty,
            Transient: decided.Transient);
    }

    /// <summary>The median, the mean of the middle two for an even count; null for none.</summary>
    public static double? Median(IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>Firings that started within <paramref name="windowMs"/> after the same fingerprint's earlier firing resolved.</summary>
    public static int Flaps(IReadOnlyList<FiringEntry> firings, IReadOnlyList<ResolutionEntry> resolutions, long windowMs)
    {
        ArgumentNullException.ThrowIfNull(firings);
        ArgumentNullException.ThrowIfNull(resolutions);
        if (firings.Count == 0 || resolutions.Count == 0)
        {
            return 0;
        }
        var endsByFingerprint = resolutions.ToLookup(r => r.Fingerprint, StringComparer.Ordinal);
        var flaps = 0;
        foreach (var firing in firings)
        {
            if (endsByFingerprint[firing.Fingerprint].Any(r => r.StartMs < firing.StartMs && r.EndMs <= firing.StartMs && firing.StartMs - r.EndMs <= windowMs))
            {
                flaps++;
            }
        }
        return flaps;
    }
}
