using Enrichment.Contracts;
using Enrichment.Core;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier;

/// <summary>
/// Delivers enriched events to one target. Failures throw, so the endpoint's retry policy backs off
/// and finally moves the event to the target's <c>_error</c> queue, from where it can be replayed.
/// </summary>
public sealed class NotifierConsumer(INotifier notifier, IEnrichmentMetrics metrics, ILogger<NotifierConsumer> logger) : IConsumer<AlertEnriched>
{
    public async Task Consume(ConsumeContext<AlertEnriched> context)
    {
        try
        {
            await notifier.NotifyAsync(context.Message, context.CancellationToken);
            metrics.Notification(notifier.Kind, "success");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            metrics.Notification(notifier.Kind, "failure");
            logger.LogWarning("Notifier {Endpoint} failed for alert {Fingerprint} (attempt {Attempt}): {Error}",
                notifier.EndpointName, context.Message.Alert.Fingerprint, context.GetRetryAttempt() + 1, ex.Message);
            throw;
        }
    }
}
