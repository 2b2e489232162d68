using Enrichment.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Worker.Watch;

/// <summary>
/// Publishes what <see cref="EnrichedEventsTap"/> collected as <see cref="EnrichedEventsCopy"/> messages, up to
/// <see cref="MaxPerMessage"/> events each: one extra message per burst rather than one per event. Best effort: published
/// without the mandatory flag (no console open: RabbitMQ drops it), and a failure is logged and forgotten.
/// </summary>
public sealed class EnrichedEventsTapPublisher(EnrichedEventsTap tap, IBus bus, ILogger<EnrichedEventsTapPublisher> logger) : BackgroundService
{
    public const int MaxPerMessage = 200;

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (await tap.Copies.WaitToReadAsync(stoppingToken))
        {
            var events = new List<AlertEnriched>(MaxPerMessage);
            while (events.Count < MaxPerMessage && tap.Copies.TryRead(out var enriched))
            {
                events.Add(enriched);
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(new EnrichedEventsCopy { Events = events }, timeout.Token);
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Once per outage: the events themselves were delivered; only the console misses these copies.
                if (!failing)
                {
                    logger.LogWarning("Could not publish {Count} event copies for the console: {Error}", events.Count, ex.Message);
                }
                failing = true;
            }
        }
    }
}
