namespace Enrichment.LoadTest.Infrastructure;

/// <summary>Where the notifier delivers in a scenario: the tool's webhook sink, or the notifier's own stdout (the console target).</summary>
public interface IDeliverySink
{
    /// <summary><c>console</c> or <c>webhook</c>.</summary>
    string Kind { get; }

    /// <summary>The <c>NOTIFIER_*</c> variables that make this the notifier's one target (workers get them too, to declare its queue).</summary>
    IReadOnlyDictionary<string, string> TargetEnvironment { get; }

    /// <summary>Receives the notifier process' stdout lines, for a sink that reads them; null otherwise.</summary>
    Action<string>? NotifierStdout { get; }

    /// <summary>Waits until <paramref name="count"/> distinct alerts arrived, or nothing new arrived for <paramref name="idle"/>.</summary>
    Task<bool> WaitForAsync(int count, TimeSpan idle, TimeSpan limit);

    /// <summary>Every arrival so far, and forgets them (the next phase starts from nothing).</summary>
    IReadOnlyList<Arrival> Drain();
}

/// <summary>One delivered event: the gateway's receipt, the worker's enrichment and the sink's arrival.</summary>
public sealed record Arrival(string Fingerprint, DateTimeOffset ReceivedAt, DateTimeOffset EnrichedAt, DateTimeOffset ArrivedAt, string? Source, string? Cache);

/// <summary>The waiting loop both sinks share: poll the distinct count, give up after a quiet spell or the limit.</summary>
internal static class DeliveryWait
{
    public static async Task<bool> ForAsync(Func<int> distinct, int count, TimeSpan idle, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = -1;
        var lastChange = clock.Elapsed;
        while (distinct() < count && clock.Elapsed < limit)
        {
            if (distinct() != last)
            {
                last = distinct();
                lastChange = clock.Elapsed;
            }
            else if (clock.Elapsed - lastChange > idle)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return distinct() >= count;
    }
}
