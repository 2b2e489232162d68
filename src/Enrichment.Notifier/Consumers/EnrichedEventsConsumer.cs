using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier.Consumers;

/// <summary>
/// A worker's batch of events, on the target's <c>-batches</c> queue, delivered to the target (see <see cref="TargetDelivery"/>).
/// A failure the target may get over throws, so the message is retried and finally moved to the queue's <c>_error</c>
/// queue as a whole. Events the target refused for good while it took the rest (a webhook's 400 for one event, an
/// Alertmanager refusing one invalid alert) are moved to that error queue on their own, as single events with the
/// fault headers MassTransit would give them, and the batch is acknowledged.
/// </summary>
public sealed class EnrichedEventsConsumer(TargetDelivery delivery, string queue, ILogger<EnrichedEventsConsumer> logger) : IConsumer<AlertsEnriched>
{
    public async Task Consume(ConsumeContext<AlertsEnriched> context)
    {
        // A null among the events (a foreign or broken producer) is nothing to deliver, and must not fail the others.
        var events = (context.Message.Events ?? []).Where(e => e?.Alert is not null).ToList();
        var rejected = await delivery.DeliverAsync(context.Message, events, context.CancellationToken);
        if (rejected.Count > 0)
        {
            // Before the batch is acknowledged: should this send fail, the batch is retried, and what was delivered is not sent again.
            await MoveToErrorQueueAsync(context, events, rejected);
        }
    }

    private async Task MoveToErrorQueueAsync(ConsumeContext<AlertsEnriched> context, List<AlertEnriched> events, IReadOnlyList<RejectedEvent> rejected)
    {
        var errorQueue = await context.GetSendEndpoint(new Uri($"queue:{queue}_error"));
        var faultedAt = DateTime.UtcNow;
        foreach (var refusal in rejected)
        {
            var enriched = events[refusal.Index];
            logger.LogWarning("Notifier {Endpoint} refused alert {Fingerprint} for good; moved to {Queue}_error: {Error}",
                delivery.Notifier.EndpointName, enriched.Alert.Fingerprint, queue, refusal.Reason);
            await errorQueue.Send(enriched, send =>
            {
                // The batch's conversation, so that the event can be traced back to the batch it came in.
                send.CorrelationId = context.CorrelationId;
                send.ConversationId = context.ConversationId;
                send.Headers.Set(MessageHeaders.Reason, "fault");
                send.Headers.Set(MessageHeaders.FaultExceptionType, typeof(PermanentDeliveryException).FullName);
                send.Headers.Set(MessageHeaders.FaultMessage, refusal.Reason);
                send.Headers.Set(MessageHeaders.FaultTimestamp, faultedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }, context.CancellationToken);
        }
    }
}
