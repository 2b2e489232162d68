using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Notifier.Delivery;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier.Consumers;

/// <summary>
/// Delivers batches of enriched events to a target that takes arrays. A failure of the request throws for
/// the whole batch, so retries and the error queue apply to it. Events the target refused one by one while
/// it took the rest (an Alertmanager answering 400 for one invalid alert) are moved to the target's
/// <c>_error</c> queue on their own, with the fault headers MassTransit would give them, and counted as
/// failures; the others are delivered and counted as such.
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
        IReadOnlyList<RejectedEvent> rejected;
        try
        {
            rejected = await notifier.NotifyBatchAsync(events, context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            Count(NotificationOutcomes.Failure, events.Length);
            logger.LogWarning("Notifier {Endpoint} failed for a batch of {Count} alerts (attempt {Attempt}): {Error}",
                notifier.EndpointName, events.Length, context.GetRetryAttempt() + 1, ex.Message);
            throw;
        }
        if (rejected.Count > 0)
        {
            // Before the batch is acknowledged: should this send fail, the whole batch is retried, and re-posting what
            // the target already took is harmless for a batching target.
            await MoveToErrorQueueAsync(context, rejected);
        }
        Count(NotificationOutcomes.Success, events.Length - rejected.Count);
        Count(NotificationOutcomes.Failure, rejected.Count);
    }

    private async Task MoveToErrorQueueAsync(ConsumeContext<Batch<AlertEnriched>> context, IReadOnlyList<RejectedEvent> rejected)
    {
        var errorQueue = await context.GetSendEndpoint(new Uri($"queue:{notifier.EndpointName}_error"));
        var faultedAt = DateTime.UtcNow;
        foreach (var refusal in rejected)
        {
            var original = context.Message[refusal.Index];
            logger.LogWarning("Notifier {Endpoint} refused alert {Fingerprint} for good; moved to {Queue}_error: {Error}",
                notifier.EndpointName, original.Message.Alert.Fingerprint, notifier.EndpointName, refusal.Reason);
            await errorQueue.Send(original.Message, send =>
            {
                // The message keeps its identity, so that a replay is recognisably the same event.
                send.MessageId = original.MessageId;
                send.CorrelationId = original.CorrelationId;
                send.ConversationId = original.ConversationId;
                send.Headers.Set(MessageHeaders.Reason, "fault");
                send.Headers.Set(MessageHeaders.FaultExceptionType, typeof(PermanentDeliveryException).FullName);
                send.Headers.Set(MessageHeaders.FaultMessage, refusal.Reason);
                send.Headers.Set(MessageHeaders.FaultTimestamp, faultedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }, context.CancellationToken);
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
