using Enrichment.Contracts;
using Enrichment.Core;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier.Incidents;

/// <summary>Delivers incident updates to one target; failures throw, so the target's retry policy and error queue apply.</summary>
public sealed class IncidentNotifierConsumer(IIncidentNotifier notifier, IEnrichmentMetrics metrics, ILogger<IncidentNotifierConsumer> logger)
    : IConsumer<IncidentUpdated>
{
    public async Task Consume(ConsumeContext<IncidentUpdated> context)
    {
        try
        {
            await notifier.NotifyAsync(context.Message, context.CancellationToken);
            metrics.Notification(notifier.Kind, NotificationOutcomes.Success);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            metrics.Notification(notifier.Kind, NotificationOutcomes.Failure);
            logger.LogWarning("Notifier {Endpoint} failed for incident {Id} (attempt {Attempt}): {Error}",
                notifier.EndpointName, context.Message.Incident?.Id, context.GetRetryAttempt() + 1, ex.Message);
            throw;
        }
    }
}
