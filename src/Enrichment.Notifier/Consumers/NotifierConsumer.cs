using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Notifier.Delivery;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier.Consumers;

/// <summary>
/// Delivers enriched events to one target. Failures throw, so the endpoint's retry policy backs off
/// and finally moves the event to the target's <c>_error</c> queue, from where it can be replayed.
/// Events already delivered within the dedup window are acknowledged without delivery.
/// </summary>
public sealed class NotifierConsumer(INotifier notifier, DeliveryDeduplicator deduplicator, IEnrichmentMetrics metrics, ILogger<NotifierConsumer> logger)
    : IConsumer<AlertEnriched>
{
    public async Task Consume(ConsumeContext<AlertEnriched> context)
    {
        var key = DeliveryDeduplicator.KeyOf(context.Message);
        if (!deduplicator.TryClaim(key))
        {
            metrics.Notification(notifier.Kind, NotificationOutcomes.Suppressed);
            logger.LogDebug("Notifier {Endpoint} suppressed a duplicate of alert {Fingerprint}", notifier.EndpointName, context.Message.Alert.Fingerprint);
            return;
        }
        try
        {
            await notifier.NotifyAsync(context.Message, context.CancellationToken);
            metrics.Notification(notifier.Kind, NotificationOutcomes.Success);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            deduplicator.Release(key);
            metrics.Notification(notifier.Kind, NotificationOutcomes.Failure);
            logger.LogWarning("Notifier {Endpoint} failed for alert {Fingerprint} (attempt {Attempt}): {Error}",
                notifier.EndpointName, context.Message.Alert.Fingerprint, context.GetRetryAttempt() + 1, ex.Message);
            throw;
        }
    }
}
