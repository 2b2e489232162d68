using Enrichment.Core;

namespace Enrichment.Evaluate.Replay;

/// <summary>
/// The <see cref="IEnrichmentMetrics"/> the replay hands the LLM layer: model calls, tokens and cost go to a
/// <see cref="ModelUsage"/>, as they would go to <c>enrichment_llm_requests_total</c>, <c>enrichment_llm_tokens_total</c>
/// and <c>enrichment_llm_cost_total</c> in the service; the other metrics mean nothing for a replay.
/// </summary>
public sealed class UsageRecordingMetrics(ModelUsage usage) : IEnrichmentMetrics
{
    public void LlmRequest(string provider, string model, string outcome) => usage.Request(provider, model, outcome);

    public void LlmTokens(string provider, string model, string direction, long tokens) => usage.AddTokens(provider, model, direction, tokens);

    public void LlmCost(string provider, string model, double cost) => usage.AddCost(provider, model, cost);

    public void AlertsReceived(string route, int count) { }
    public void AlertEnriched(string mode, string source) { }
    public void CacheLookups(string tier, string result, int count) { }
    public void CircuitBreakerState(string provider, int state) { }
    public void ClassificationDuration(TimeSpan elapsed) { }
    public void BatchSize(int size) { }
    public void Notification(string notifier, string outcome) { }
    public void ModeChanged(string mode) { }
}
