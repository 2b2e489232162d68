using Enrichment.Core;
using Prometheus;

namespace Enrichment.ServiceDefaults;

/// <summary>
/// The contract's metrics on prometheus-net, with exactly the contract's names. (prometheus-net's
/// meter adapter would export a System.Diagnostics.Metrics counter as a gauge prefixed with the meter
/// name, which is not what the contract promises; it still exports the MassTransit, Polly and
/// Microsoft.Extensions.AI meters.)
/// </summary>
public sealed class PrometheusEnrichmentMetrics : IEnrichmentMetrics
{
    private static readonly Counter Received = Metrics.CreateCounter("enrichment_alerts_received_total",
        "Alerts accepted by the gateway, by ingest route.", "route");
    private static readonly Counter Enriched = Metrics.CreateCounter("enrichment_alerts_enriched_total",
        "Enriched events published, by mode and classification source.", "mode", "source");
    private static readonly Counter LlmRequests = Metrics.CreateCounter("enrichment_llm_requests_total",
        "Model calls by provider, model and outcome.", "provider", "model", "outcome");
    private static readonly Counter LlmTokenCounter = Metrics.CreateCounter("enrichment_llm_tokens_total",
        "Model tokens by provider, model and direction (input, output).", "provider", "model", "direction");
    private static readonly Counter LlmCostCounter = Metrics.CreateCounter("enrichment_llm_cost_total",
        "Model cost by provider and model: reported tokens at the configured prices, in their unit.", "provider", "model");
    private static readonly Counter Lookups = Metrics.CreateCounter("enrichment_cache_lookups_total",
        "Classification cache lookups by tier (l1, l2) and result (hit, miss).", "tier", "result");
    private static readonly Gauge Circuit = Metrics.CreateGauge("enrichment_circuit_breaker_state",
        "Circuit breaker around the model: 0 closed, 1 half-open, 2 open.", "provider");
    private static readonly Histogram Duration = Metrics.CreateHistogram("enrichment_classification_duration_seconds",
        "Time to classify one batch: cache, model and rules.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
    private static readonly Histogram Batch = Metrics.CreateHistogram("enrichment_batch_size",
        "Alerts per worker batch.", new HistogramConfiguration { Buckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
    private static readonly Counter Notifications = Metrics.CreateCounter("enrichment_notifications_total",
        "Notifier delivery attempts by notifier and outcome.", "notifier", "outcome");
    private static readonly Counter ModeChanges = Metrics.CreateCounter("enrichment_mode_changes_total",
        "Enrichment mode changes applied by this process, by new mode.", "mode");
    private static readonly Counter FeedbackCounter = Metrics.CreateCounter("enrichment_feedback_total",
        "Corrections taken by the gateway, by field corrected (severity, category, note).", "field");
    private static readonly Counter Corrected = Metrics.CreateCounter("enrichment_corrected_verdicts_total",
        "Corrections by the source of the verdict they replaced (llm, rules, plugin, override, unknown).", "source");
    private static readonly Counter Verdicts = Metrics.CreateCounter("enrichment_classifier_verdicts_total",
        "Verdicts the configured classifier gave a signature afresh (cache misses it answered), by source.", "source");
    private static readonly Counter SingleFlights = Metrics.CreateCounter("enrichment_llm_single_flight_total",
        "Signatures this worker needed the model for while sharing calls with other workers through Redis leases: led (held the lease and asked), "
        + "waited (read another worker's answer), took_over (the lease ended without a cached answer; asked itself), no_lease (Redis unreachable; asked).", "outcome");

    public void AlertsReceived(string route, int count) => Received.WithLabels(route).Inc(count);

    public void AlertEnriched(string mode, string source) => Enriched.WithLabels(mode, source).Inc();

    public void LlmRequest(string provider, string model, string outcome) => LlmRequests.WithLabels(provider, model, outcome).Inc();

    public void LlmTokens(string provider, string model, string direction, long tokens) =>
        LlmTokenCounter.WithLabels(provider, model, direction).Inc(tokens);

    public void LlmCost(string provider, string model, double cost) => LlmCostCounter.WithLabels(provider, model).Inc(cost);

    public void CacheLookups(string tier, string result, int count) => Lookups.WithLabels(tier, result).Inc(count);

    public void CircuitBreakerState(string provider, int state) => Circuit.WithLabels(provider).Set(state);

    public void ClassificationDuration(TimeSpan elapsed) => Duration.Observe(elapsed.TotalSeconds);

    public void BatchSize(int size) => Batch.Observe(size);

    public void Notification(string notifier, string outcome) => Notifications.WithLabels(notifier, outcome).Inc();

    public void ModeChanged(string mode) => ModeChanges.WithLabels(mode).Inc();

    public void Feedback(string field) => FeedbackCounter.WithLabels(field).Inc();

    public void VerdictCorrected(string source) => Corrected.WithLabels(source).Inc();

    public void ClassifierVerdicts(string source, int count) => Verdicts.WithLabels(source).Inc(count);

    public void SingleFlight(string outcome, int count) => SingleFlights.WithLabels(outcome).Inc(count);
}
