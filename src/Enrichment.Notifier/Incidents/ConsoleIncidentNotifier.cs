using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Notifier.Console;

namespace Enrichment.Notifier.Incidents;

/// <summary>One JSON line per incident update on stdout, between the alert events (tell them apart by <c>event</c> vs <c>alert</c>).</summary>
public sealed class ConsoleIncidentNotifier(TextWriter output) : IIncidentNotifier
{
    public ConsoleIncidentNotifier() : this(System.Console.Out)
    {
    }

    public string Kind => "console";

    public string EndpointName => ConsoleNotifier.QueueName;

    public Task NotifyAsync(IncidentUpdated update, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(update, EnrichmentJson.Options);
        // One call per line: the console's writer is synchronised, so lines never interleave.
        output.WriteLine(line);
        output.Flush();
        return Task.CompletedTask;
    }
}
