using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Modes;
using Enrichment.Core.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    IOptions<EnrichmentOptions> options,
    ILogger<AlertBatchConsumer> logger) : IConsumer<Batch<AlertReceived>>
{
    private readonly bool _traceAlertContent = options.Value.TraceAlertContent;

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
            ? await ClassifyAsync(alerts, mode.ToWire(), context.CancellationToken)
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

    private async Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(AlertData[] alerts, string mode, CancellationToken cancellationToken)
    {
        // A child of MassTransit's consume span, so the model calls made for this batch sit under it in the trace.
        using var activity = EnrichmentTelemetry.Source.StartActivity("classify batch");
        activity?.SetTag(EnrichmentTelemetry.Tags.BatchSize, alerts.Length);
        activity?.SetTag(EnrichmentTelemetry.Tags.Mode, mode);
        if (activity is not null && _traceAlertContent)
        {
            activity.SetTag(EnrichmentTelemetry.Tags.AlertNames, string.Join(",", alerts
                .Select(a => a.Labels.GetValueOrDefault("alertname") ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
        }
        try
        {
            var verdicts = await classification.ClassifyAsync(alerts, cancellationToken);
            if (activity is not null)
            {
                TagOutcome(activity, verdicts);
            }
            return verdicts;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            // The chain handles its own failures; this is the last line: deliver the alerts unclassified.
            logger.LogError(ex, "Classification failed for a batch of {Count} alerts; delivering them unclassified", alerts.Length);
            return new AlertClassification?[alerts.Length];
        }
    }

    private static void TagOutcome(System.Diagnostics.Activity activity, IReadOnlyList<AlertClassification?> verdicts)
    {
        int llm = 0, rules = 0, cached = 0, degraded = 0, none = 0;
        foreach (var verdict in verdicts)
        {
            if (verdict is null)
            {
                none++;
                continue;
            }
            if (verdict.Source == ClassificationSource.Llm) { llm++; } else { rules++; }
            if (verdict.Cache != CacheTier.None) { cached++; }
            if (verdict.DegradedReason is not null) { degraded++; }
        }
        activity.SetTag(EnrichmentTelemetry.Tags.ClassifiedByModel, llm);
        activity.SetTag(EnrichmentTelemetry.Tags.ClassifiedByRules, rules);
        activity.SetTag(EnrichmentTelemetry.Tags.CacheHits, cached);
        activity.SetTag(EnrichmentTelemetry.Tags.Degraded, degraded);
        activity.SetTag(EnrichmentTelemetry.Tags.Unclassified, none);
    }
}
