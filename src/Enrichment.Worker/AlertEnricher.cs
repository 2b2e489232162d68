using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Diagnostics;
using Enrichment.Core.History;
using Enrichment.Core.Incidents;
using Enrichment.Core.Modes;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Worker;

/// <summary>
/// The work of one worker batch, whatever message shape carried its alerts: classify them under the
/// current mode and publish their events, one <see cref="AlertsEnriched"/> message per slice, returning after the broker
/// confirmed every slice (the batch is acknowledged only then: at-least-once). Classification failures
/// are per alert and never fault the batch: an exception here would send every message of it to the
/// error queue. Each alert's history is recalled first (in every mode: the memory does not depend on what is shown),
/// told to the classifier as a class, carried on the event, and what was decided kept once the slice is classified.
/// </summary>
public sealed class AlertEnricher(
    ClassificationService classification,
    AlertMemory memory,
    EnrichmentModeState modes,
    IEnrichmentMetrics metrics,
    IOptions<EnrichmentOptions> options,
    IOptions<WorkerOptions> worker,
    ILogger<AlertEnricher> logger,
    IncidentService? incidents = null)
{
    private readonly bool _traceAlertContent = options.Value.TraceAlertContent;
    private readonly int _sliceSize = worker.Value.BatchSize;
    private readonly TimeSpan _publishTimeout = worker.Value.PublishTimeout;

    /// <param name="alerts">The batch's alerts.</param>
    /// <param name="receivedAt">When the gateway received each alert (same index).</param>
    /// <param name="groupKeys">The Alertmanager notification each alert came in (same index), when known: candidates for one incident.</param>
    public async Task EnrichAsync(ConsumeContext context, AlertData[] alerts, DateTimeOffset[] receivedAt, string?[]? groupKeys = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(receivedAt);
        groupKeys ??= new string?[alerts.Length];
        if (alerts.Length == 0)
        {
            // Messages without alerts (the gateway's warm-up at start, a foreign producer): nothing to enrich or publish.
            return;
        }
        // One mode for the whole batch: a change applies from the next batch on.
        var mode = modes.Current.Mode;
        var modeName = mode.ToWire();
        var cancellationToken = context.CancellationToken;

        // Memory and incidents work on the whole batch at once: each costs a few Redis round trips and (incidents) a read,
        // a root choice and a write of the incident book per call, whatever the number of alerts, so per batch rather than
        // per slice is what keeps a storm cheap (docs/PERFORMANCE.md).
        var signed = memory.Enabled || mode.NeedsClassification() ? classification.Sign(alerts) : null;
        var recalled = signed is not null && memory.Enabled
            ? await memory.RecallAsync(alerts, signed.Select(s => s.Signature).ToList(), receivedAt, cancellationToken)
            : RecalledHistory.None(alerts.Length);
        var verdicts = new AlertClassification?[alerts.Length];
        if (mode.NeedsClassification())
        {
            // Slices of at most WORKER_BATCH_SIZE alerts, one after the other: bounds the model's work in flight per batch,
            // whatever the number of requests it gathered.
            var classes = recalled.Classes;
            for (var start = 0; start < alerts.Length; start += _sliceSize)
            {
                var length = Math.Min(_sliceSize, alerts.Length - start);
                var sliceContext = new ClassificationContext(new ArraySegment<SignedAlert>(signed!, start, length), Slice(classes, start, length));
                var sliced = await ClassifyAsync(alerts[start..(start + length)], sliceContext, modeName, cancellationToken);
                for (var i = 0; i < length; i++)
                {
                    verdicts[start + i] = sliced[i];
                }
            }
        }
        if (signed is not null && memory.Enabled)
        {
            await memory.RememberAsync(recalled, signed, verdicts, cancellationToken);
        }
        // After classification (its category is the alert's), before publishing: every event carries its incident.
        IReadOnlyList<IncidentRef?> incidentRefs = incidents is null
            ? new IncidentRef?[alerts.Length]
            : await incidents.CorrelateAsync(alerts, verdicts, groupKeys, receivedAt, cancellationToken, signed);

        var enrichedAt = DateTimeOffset.UtcNow;
        var events = new AlertEnriched[alerts.Length];
        for (var i = 0; i < alerts.Length; i++)
        {
            events[i] = new AlertEnriched
            {
                Alert = alerts[i],
                Mode = modeName,
                Classification = verdicts[i]?.ToData(),
                History = recalled.Histories[i]?.ToData(),
                ReceivedAt = receivedAt[i],
                EnrichedAt = enrichedAt,
                Incident = incidentRefs[i],
            };
        }
        // One message per slice: per-alert messages were most of the pipeline's CPU (see AlertsEnriched), and a slice
        // bounds what one notifier message holds. Published together, confirmed together.
        // Bounded: a publish whose confirm never comes back must fail the batch (the broker then redelivers it)
        // rather than hold the endpoint's concurrency forever. On RabbitMQ it is published mandatory into the
        // target queues the host declared (Enrichment.Host's NotifierQueueTopology): events no queue would receive
        // fail this publish, and the batch with it, instead of being confirmed and dropped.
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_publishTimeout);
            var publishes = new List<Task>();
            for (var start = 0; start < events.Length; start += _sliceSize)
            {
                var slice = events[start..Math.Min(events.Length, start + _sliceSize)];
                metrics.BatchSize(slice.Length);
                publishes.Add(context.Publish(new AlertsEnriched { Events = slice }, timeout.Token));
            }
            await Task.WhenAll(publishes).WaitAsync(timeout.Token);
        }
        for (var i = 0; i < events.Length; i++)
        {
            metrics.AlertEnriched(modeName, verdicts[i]?.Source ?? "none");
        }
    }

    private static IReadOnlyList<T> Slice<T>(IReadOnlyList<T> list, int start, int length) =>
        list is T[] array ? new ArraySegment<T>(array, start, length) : list.Skip(start).Take(length).ToList();

    private async Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(AlertData[] alerts, ClassificationContext memoryContext, string mode, CancellationToken cancellationToken)
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
            var verdicts = await classification.ClassifyAsync(alerts, memoryContext, cancellationToken);
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
            // The configured classifier answered: the model, or a plug-in's. A correction is neither.
            if (verdict.Source == ClassificationSource.Rules) { rules++; } else if (verdict.Source != ClassificationSource.Override) { llm++; }
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
