using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Modes;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Enrichment.Worker.Consumers;

/// <summary>
/// Classifies a batch of received alerts under the current mode and publishes one
/// <see cref="AlertEnriched"/> per alert. The batch is acknowledged only after every event is
/// confirmed by the broker (at-least-once). Classification failures are per alert and never fault
/// the batch: an exception here would send every alert of it to the error queue.
/// </summary>
public sealed class AlertBatchConsumer(
    ClassificationService classification,
    EnrichmentModeState modes,
    IEnrichmentMetrics metrics,
    ILogger<AlertBatchConsumer> logger) : IConsumer<Batch<AlertReceived>>
{
    public async Task Consume(ConsumeContext<Batch<AlertReceived>> context)
    {
        var batch = context.Message;
        metrics.BatchSize(batch.Length);
        // One mode for the whole batch: a change applies from the next batch on.
        var mode = modes.Current.Mode;
        var alerts = new AlertData[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            alerts[i] = batch[i].Message.Alert;
        }

        IReadOnlyList<AlertClassification?> verdicts = mode.NeedsClassification()
            ? await ClassifyAsync(alerts, context.CancellationToken)
            : new AlertClassification?[alerts.Length];

        var enrichedAt = DateTimeOffset.UtcNow;
        var modeName = mode.ToWire();
        var events = new AlertEnriched[alerts.Length];
        for (var i = 0; i < alerts.Length; i++)
        {
            var verdict = verdicts[i];
            events[i] = new AlertEnriched
            {
                Alert = alerts[i],
                Mode = modeName,
                Classification = verdict?.ToData(),
                ReceivedAt = batch[i].Message.ReceivedAt,
                EnrichedAt = enrichedAt,
            };
        }
        await context.PublishBatch(events, context.CancellationToken);
        for (var i = 0; i < events.Length; i++)
        {
            metrics.AlertEnriched(modeName, verdicts[i]?.Source ?? "none");
        }
    }

    private async Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(AlertData[] alerts, CancellationToken cancellationToken)
    {
        try
        {
            return await classification.ClassifyAsync(alerts, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The chain handles its own failures; this is the last line: deliver the alerts unclassified.
            logger.LogError(ex, "Classification failed for a batch of {Count} alerts; delivering them unclassified", alerts.Length);
            return new AlertClassification?[alerts.Length];
        }
    }
}
