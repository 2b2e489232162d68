using System.Text.Json;
using Enrichment.Contracts;

namespace Enrichment.Notifier.Console;

/// <summary>One JSON line per enriched event on stdout, so that <c>… | jq</c> works; logs go to stderr.</summary>
public sealed class ConsoleNotifier(TextWriter output) : INotifier
{
    private readonly Lock _gate = new();

    public ConsoleNotifier() : this(System.Console.Out)
    {
    }

    public string Kind => "console";

    public const string QueueName = "enrichment-notify-console";

    public string EndpointName => QueueName;

    public int Concurrency => 8;

    public Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(enriched, EnrichmentJson.Options);
        // One write per line under a lock: concurrent deliveries never interleave within a line.
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
        return Task.CompletedTask;
    }
}
