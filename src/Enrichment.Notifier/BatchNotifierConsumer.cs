using Enrichment.Contracts;
using Enrichment.Core;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier;

/// <summary>
/// Delivers batches of enriched events to a target that takes arrays. A failure throws for the whole
/// batch (the target took all or none of one request), so retries and the error queue apply to it.
/// </summary>
public sealed class BatchNotifierConsumer(IBatchNotifier notifier, IEnrichmentMetrics metrics, ILogger<BatchNotifierConsumer> logger)
    : IConsumer<Batch<AlertEnriched>>
{
    public async Task Consume(ConsumeContext<Batch<AlertEnriched>> context)
    {
        var events = new AlertEnriched[context.Message.Length];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = context.Message[i].Message;
        }
        try
        {
            await notifier.NotifyBatchAsync(events, context.CancellationToken);
            Count(NotificationOutcomes.Success, events.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            Count(NotificationOutcomes.Failure, events.Length);
            logger.LogWarning("Notifier {Endpoint} failed for a batch of {Count} alerts (attempt {Attempt}): {Error}",
                notifier.EndpointName, events.Length, context.GetRetryAttempt() + 1, ex.Message);
            throw;
        }
    }

    private void Count(string outcome, int count)
    {
        for (var i = 0; i < count; i++)
        {
            metrics.Notification(notifier.Kind, outcome);
        }
    }
}
