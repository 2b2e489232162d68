using System.Collections.Concurrent;
using Enrichment.Core;

namespace Enrichment.Llm.Tests.Fakes;

/// <summary>Remembers the LLM metrics the classifier reports.</summary>
public sealed class RecordingMetrics : IEnrichmentMetrics
{
    public ConcurrentQueue<string> Outcomes { get; } = new();

    public ConcurrentQueue<(string Direction, long Tokens)> Tokens { get; } = new();

    public ConcurrentQueue<int> CircuitStates { get; } = new();

    /// <summary>Every cost reported, with the provider and model it was reported for.</summary>
    public ConcurrentQueue<(string Provider, string Model, double Cost)> Costs { get; } = new();

    /// <summary>Every outcome reported, with its provider.</summary>
    public ConcurrentQueue<(string Provider, string Outcome)> ProviderOutcomes { get; } = new();

    public double CostOf(string provider) => Costs.Where(c => c.Provider == provider).Sum(c => c.Cost);

    public int Count(string provider, string outcome) => ProviderOutcomes.Count(o => o.Provider == provider && o.Outcome == outcome);

    public int LastCircuitState => CircuitStates.LastOrDefault();

    public int Count(string outcome) => Outcomes.Count(o => o == outcome);

    public void LlmRequest(string provider, string model, string outcome)
    {
        Outcomes.Enqueue(outcome);
        ProviderOutcomes.Enqueue((provider, outcome));
    }

    public void LlmCost(string provider, string model, double cost) => Costs.Enqueue((provider, model, cost));

    public void LlmTokens(string provider, string model, string direction, long tokens) => Tokens.Enqueue((direction, tokens));

    public void CircuitBreakerState(string provider, int state) => CircuitStates.Enqueue(state);

    public void AlertsReceived(string route, int count) { }
    public void AlertEnriched(string mode, string source) { }
    public void CacheLookups(string tier, string result, int count) { }
    public void ClassificationDuration(TimeSpan elapsed) { }
    public void BatchSize(int size) { }
    public void Notification(string notifier, string outcome) { }
    public void ModeChanged(string mode) { }
}
