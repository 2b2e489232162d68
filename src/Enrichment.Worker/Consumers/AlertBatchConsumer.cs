using Enrichment.Contracts;
using MassTransit;

namespace Enrichment.Worker.Consumers;

/// <summary>
/// Batches of one-alert <see cref="AlertReceived"/> messages, as gateways before
/// <see cref="AlertsReceived"/> sent them: kept so that alerts queued by an older gateway during a
/// rolling upgrade are still enriched.
/// </summary>
public sealed class AlertBatchConsumer(AlertEnricher enricher) : IConsumer<Batch<AlertReceived>>
{
    public Task Consume(ConsumeContext<Batch<AlertReceived>> context)
    {
        var batch = context.Message;
        var alerts = new AlertData[batch.Length];
        var receivedAt = new DateTimeOffset[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            alerts[i] = batch[i].Message.Alert;
            receivedAt[i] = batch[i].Message.ReceivedAt;
        }
        return enricher.EnrichAsync(context, alerts, receivedAt);
    }
}
