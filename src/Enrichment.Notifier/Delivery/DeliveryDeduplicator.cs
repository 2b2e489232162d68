using Enrichment.Contracts;

namespace Enrichment.Notifier.Delivery;

/// <summary>
/// Suppresses re-delivery of the same alert in the same state and mode to one target within a
/// window (<c>NOTIFIER_DEDUP_WINDOW</c>, off by default). An Alertmanager HA pair and periodic
/// re-sends deliver the same alert again and again; the classification cache keeps them free of
/// model calls, and this keeps them out of people's channels when asked to. Per process and in
/// memory: a restart, or a second notifier process, may let one duplicate through — a duplicate
/// is harmless, a lost alert is not, so nothing here is shared or persisted.
/// </summary>
public sealed class DeliveryDeduplicator
{
    private const int SweepEvery = 1024;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _claimed = new(StringComparer.Ordinal);
    private int _claimsSinceSweep;

    public DeliveryDeduplicator(TimeSpan window, TimeProvider time)
    {
        _window = window;
        _time = time;
    }

    public bool Enabled => _window > TimeSpan.Zero;

    /// <summary>Fingerprint, status and mode: a resolution or a mode change is always delivered.</summary>
    public static string KeyOf(AlertEnriched enriched)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        return $"{enriched.Alert.Fingerprint}|{enriched.Alert.Status}|{enriched.Mode}";
    }

    /// <summary>True when the event should be delivered; false when the same key was claimed within the window.</summary>
    public bool TryClaim(string key)
    {
        if (!Enabled)
        {
            return true;
        }
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_claimed.TryGetValue(key, out var at) && now - at < _window)
            {
                return false;
            }
            _claimed[key] = now;
            if (++_claimsSinceSweep >= SweepEvery)
            {
                _claimsSinceSweep = 0;
                foreach (var expired in _claimed.Where(e => now - e.Value >= _window).Select(e => e.Key).ToList())
                {
                    _claimed.Remove(expired);
                }
            }
            return true;
        }
    }

    /// <summary>Gives a claim back after a failed delivery, so that the retry (or the next re-send) is not suppressed.</summary>
    public void Release(string key)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_gate)
        {
            _claimed.Remove(key);
        }
    }
}
