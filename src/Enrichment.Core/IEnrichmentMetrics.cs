namespace Enrichment.Core;

/// <summary>
/// The contract's metrics (prefix <c>enrichment_</c>), behind an interface so that Core stays free
/// of any exporter; the service defaults implement it with prometheus-net. Methods are named after
/// the metric they feed.
/// </summary>
public interface IEnrichmentMetrics
{
    /// <summary><c>enrichment_alerts_received_total{route}</c>.</summary>
    void AlertsReceived(string route, int count);

    /// <summary><c>enrichment_alerts_enriched_total{mode,source}</c>.</summary>
    void AlertEnriched(string mode, string source);

    /// <summary><c>enrichment_llm_requests_total{provider,model,outcome}</c>.</summary>
    void LlmRequest(string provider, string model, string outcome);

    /// <summary><c>enrichment_llm_tokens_total{provider,model,direction}</c>.</summary>
    void LlmTokens(string provider, string model, string direction, long tokens);

    /// <summary>
    /// <c>enrichment_llm_cost_total{provider,model}</c>: what a call's reported tokens cost at the configured prices, in
    /// their unit. A default body, so that metrics written before it (tests, plug-ins) still compile.
    /// </summary>
    void LlmCost(string provider, string model, double cost) { }

    /// <summary><c>enrichment_cache_lookups_total{tier,result}</c>.</summary>
    void CacheLookups(string tier, string result, int count);

    /// <summary><c>enrichment_circuit_breaker_state{provider}</c>: 0 closed, 1 half-open, 2 open.</summary>
    void CircuitBreakerState(string provider, int state);

    /// <summary><c>enrichment_classification_duration_seconds</c>.</summary>
    void ClassificationDuration(TimeSpan elapsed);

    /// <summary><c>enrichment_batch_size</c>.</summary>
    void BatchSize(int size);

    /// <summary><c>enrichment_notifications_total{notifier,outcome}</c>.</summary>
    void Notification(string notifier, string outcome);

    /// <summary><c>enrichment_mode_changes_total{mode}</c>.</summary>
    void ModeChanged(string mode);

    /// <summary><c>enrichment_feedback_total{field}</c>: corrections taken, by field corrected (<c>severity</c>, <c>category</c>, <c>note</c>).</summary>
    void Feedback(string field)
    {
    }

    /// <summary>
    /// <c>enrichment_corrected_verdicts_total{source}</c>: corrections by who gave the verdict they replaced (<c>llm</c>,
    /// <c>rules</c>, <c>plugin</c>, <c>override</c>, <c>unknown</c>); over <see cref="ClassifierVerdicts"/>, the share of
    /// model verdicts people corrected.
    /// </summary>
    void VerdictCorrected(string source)
    {
    }

    /// <summary><c>enrichment_classifier_verdicts_total{source}</c>: verdicts the configured classifier gave a signature afresh (not from the cache).</summary>
    void ClassifierVerdicts(string source, int count)
    {
    }

    /// <summary>
    /// <c>enrichment_llm_single_flight_total{outcome}</c>: signatures the worker processes shared one model call for, by what
    /// this process did (<c>led</c>, <c>waited</c>, <c>took_over</c>, <c>no_lease</c>; see <see cref="Classification.CrossProcessFlight"/>).
    /// Only counted with shared leases (Redis).
    /// </summary>
    void SingleFlight(string outcome, int count)
    {
    }
}

/// <summary>Records nothing: for tests and for code that runs outside a host.</summary>
public sealed class NullEnrichmentMetrics : IEnrichmentMetrics
{
    public static NullEnrichmentMetrics Instance { get; } = new();

    public void AlertsReceived(string route, int count) { }
    public void AlertEnriched(string mode, string source) { }
    public void LlmRequest(string provider, string model, string outcome) { }
    public void LlmTokens(string provider, string model, string direction, long tokens) { }
    public void LlmCost(string provider, string model, double cost) { }
    public void CacheLookups(string tier, string result, int count) { }
    public void CircuitBreakerState(string provider, int state) { }
    public void ClassificationDuration(TimeSpan elapsed) { }
    public void BatchSize(int size) { }
    public void Notification(string notifier, string outcome) { }
    public void ModeChanged(string mode) { }
}
