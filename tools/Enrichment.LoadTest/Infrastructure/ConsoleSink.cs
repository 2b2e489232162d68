using System.Collections.Concurrent;
using System.Text.Json;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// The console notifier (<c>NOTIFIER_CONSOLE=true</c>) as the one target: every alert event is one JSON line on the
/// notifier's stdout. While the phase runs a line costs only a timestamp, a queue slot and the fingerprint (the line's
/// first value, <c>{"alert":{"fingerprint":"…"</c>) — so the tool, reading the pipe, never holds the notifier back;
/// the timestamps are parsed when the phase is drained.
/// </summary>
public sealed class ConsoleSink : IDeliverySink
{
    private const string EventStart = "{\"alert\":{\"fingerprint\":\"";

    private readonly ConcurrentQueue<(string Line, DateTimeOffset ArrivedAt)> _lines = new();
    private readonly ConcurrentDictionary<string, byte> _fingerprints = new(StringComparer.Ordinal);
    private int _other;

    public string Kind => "console";

    public IReadOnlyDictionary<string, string> TargetEnvironment { get; } = new Dictionary<string, string> { ["NOTIFIER_CONSOLE"] = "true" };

    public Action<string>? NotifierStdout => Read;

    /// <summary>Stdout lines that were not alert events (incident updates with <c>{"event":…}</c>).</summary>
    public int OtherLines => Volatile.Read(ref _other);

    private void Read(string line)
    {
        var arrivedAt = DateTimeOffset.UtcNow;
        if (!line.StartsWith(EventStart, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _other);
            return;
        }
        var end = line.IndexOf('"', EventStart.Length);
        _fingerprints.TryAdd(line[EventStart.Length..end], 0);
        _lines.Enqueue((line, arrivedAt));
    }

    public Task<bool> WaitForAsync(int count, TimeSpan idle, TimeSpan limit) => DeliveryWait.ForAsync(() => _fingerprints.Count, count, idle, limit);

    public IReadOnlyList<Arrival> Drain()
    {
        var drained = new List<Arrival>(_lines.Count);
        while (_lines.TryDequeue(out var entry))
        {
            drained.Add(Parse(entry.Line, entry.ArrivedAt));
        }
        _fingerprints.Clear();
        return drained;
    }

    private static Arrival Parse(string line, DateTimeOffset arrivedAt)
    {
        using var document = JsonDocument.Parse(line);
        return LatencySink.ToArrival(document.RootElement, arrivedAt);
    }
}
