using System.Text;
using System.Text.Json;
using Enrichment.Contracts;

namespace Enrichment.Notifier.Console;

/// <summary>
/// One JSON line per enriched event on stdout, so that <c>… | jq</c> works; logs go to stderr. A batch is written in one
/// write and one flush: per line, the flushes were the console target's cost in a storm.
/// </summary>
public sealed class ConsoleNotifier(TextWriter output) : IBatchNotifier
{
    private readonly Lock _gate = new();

    public ConsoleNotifier() : this(System.Console.Out)
    {
    }

    public string Kind => "console";

    public const string QueueName = "enrichment-notify-console";

    public string EndpointName => QueueName;

    public int Concurrency => 2;

    public int MaxBatchSize => 1000;

    public Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken) => NotifyBatchAsync([enriched], cancellationToken);

    public Task<IReadOnlyList<RejectedEvent>> NotifyBatchAsync(IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var lines = new StringBuilder(events.Count * 1024);
        foreach (var enriched in events)
        {
            lines.Append(JsonSerializer.Serialize(enriched, EnrichmentJson.Options)).Append('\n');
        }
        // One write under a lock: concurrent batches never interleave within a line.
        lock (_gate)
        {
            output.Write(lines);
            output.Flush();
        }
        return Task.FromResult<IReadOnlyList<RejectedEvent>>([]);
    }
}
