using Enrichment.Contracts;
using MassTransit;

namespace Enrichment.Worker.Consumers;

/// <summary>
/// Batches of <see cref="AlertsReceived"/> messages (the alerts of one ingest request each), flattened
/// into one batch of alerts: deduplicated, looked up and classified together, one event per alert.
/// </summary>
public sealed class AlertRequestBatchConsumer(AlertEnricher enricher) : IConsumer<Batch<AlertsReceived>>
{
    public Task Consume(ConsumeContext<Batch<AlertsReceived>> context)
    {
        var batch = context.Message;
        var alerts = new List<AlertData>(batch.Length * 8);
        var receivedAt = new List<DateTimeOffset>(batch.Length * 8);
        var groupKeys = new List<string?>(batch.Length * 8);
        for (var i = 0; i < batch.Length; i++)
        {
            var message = batch[i].Message;
            // A message without alerts, or a null among them (a foreign or broken producer), contributes nothing
            // rather than failing the other alerts of the batch.
            foreach (var alert in message.Alerts ?? [])
            {
                if (alert?.Labels is not null)
                {
                    alerts.Add(alert);
                    receivedAt.Add(message.ReceivedAt);
                    groupKeys.Add(message.GroupKey);
                }
            }
        }
        return enricher.EnrichAsync(context, alerts.ToArray(), receivedAt.ToArray(), groupKeys.ToArray());
    }
}
