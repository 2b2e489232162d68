namespace Enrichment.Notifier.Alertmanager;

/// <summary>
/// Remembers, per source fingerprint, the label set last posted downstream as firing. Downstream,
/// a different label set is a different alert: when a mode switch or a new classification changes
/// <c>ai_severity</c>, the copy posted before would stay firing there until its <c>endsAt</c>. With
/// this memory the notifier resolves the superseded copy in the same request. Best effort: per
/// process, bounded, lost on restart — <c>endsAt</c> still bounds what it misses.
/// </summary>
public sealed class FiringLabelSets(int capacity = 100_000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _firing = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _firing.Count;
            }
        }
    }

    /// <summary>The label set posted before for this source alert, when it differs from <paramref name="labels"/>.</summary>
    public IReadOnlyDictionary<string, string>? Superseded(string fingerprint, IReadOnlyDictionary<string, string> labels)
    {
        lock (_gate)
        {
            return _firing.TryGetValue(fingerprint, out var previous) && !SameLabels(previous, labels) ? previous : null;
        }
    }

    /// <summary>Records what was posted: a firing label set is remembered, a resolved alert forgotten.</summary>
    public void Posted(string fingerprint, IReadOnlyDictionary<string, string> labels, bool firing)
    {
        lock (_gate)
        {
            if (!firing)
            {
                _firing.Remove(fingerprint);
                return;
            }
            if (_firing.Count >= capacity && !_firing.ContainsKey(fingerprint))
            {
                // Bounded memory: forgetting only costs the early resolution of a superseded copy.
                _firing.Remove(_firing.Keys.First());
            }
            _firing[fingerprint] = labels;
        }
    }

    public static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}
