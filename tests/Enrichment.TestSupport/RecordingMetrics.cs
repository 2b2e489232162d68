using System.Collections.Concurrent;
using Enrichment.Core;

namespace Enrichment.TestSupport;

/// <summary>Remembers the LLM, cache and feedback metrics reported; ignores the rest.</summary>
public sealed class RecordingMetrics : IEnrichmentMetrics
{
    public ConcurrentQueue<string> Outcomes { get; } = new();

    public ConcurrentQueue<(string Direction, long Tokens)> Tokens { get; } = new();

    public ConcurrentQueue<int> CircuitStates { get; } = new();

    /// <summary><c>enrichment_cache_lookups_total</c> by tier and result.</summary>
    public ConcurrentDictionary<(string Tier, string Result), int> Lookups { get; } = new();

    /// <summary>Every cost reported, with the provider and model it was reported for.</summary>
    public ConcurrentQueue<(string Provider, string Model, double Cost)> Costs { get; } = new();

    /// <summary>Every outcome reported, with its provider.</summary>
    public ConcurrentQueue<(string Provider, string Outcome)> ProviderOutcomes { get; } = new();

    public double CostOf(string provider) => Costs.Where(c => c.Provider == provider).Sum(c => c.Cost);

    public int Count(string provider, string outcome) => ProviderOutcomes.Count(o => o.Provider == provider && o.Outcome == outcome);

    /// <summary>Feedback and corrections counted, in order: <c>field:1</c>, <c>corrected:source:1</c>.</summary>
    public ConcurrentQueue<string> Counts { get; } = new();

    public int LastCircuitState => CircuitStates.LastOrDefault();

    public int Count(string outcome) => Outcomes.Count(o => o == outcome);

    public int LookupsOf(string tier, string result) => Lookups.GetValueOrDefault((tier, result));

    /// <summary><c>enrichment_llm_single_flight_total</c> by outcome.</summary>
    public ConcurrentDictionary<string, int> SingleFlights { get; } = new();

    public int SingleFlightsOf(string outcome) => SingleFlights.GetValueOrDefault(outcome);

    public void SingleFlight(string outcome, int count) => SingleFlights.AddOrUpdate(outcome, count, (_, c) => c + count);

    public void LlmRequest(string provider, string model, string outcome)
    {
        Outcomes.Enqueue(outcome);
        ProviderOutcomes.Enqueue((provider, outcome));
    }

    public void LlmCost(string provider, string model, double cost) => Costs.Enqueue((provider, model, cost));

    public void LlmTokens(string provider, string model, string direction, long tokens) => Tokens.Enqueue((direction, tokens));

    public void CircuitBreakerState(string provider, int state) => CircuitStates.Enqueue(state);

    public void CacheLookups(string tier, string result, int count) => Lookups.AddOrUpdate((tier, result), count, (_, c) => c + count);

    public void Feedback(string field) => Counts.Enqueue(field + ":1");

    public void VerdictCorrected(string source) => Counts.Enqueue($"corrected:{source}:1");

    public void AlertsReceived(string route, int count) { }
    public void AlertEnriched(string mode, string source) { }
    public void ClassificationDuration(TimeSpan elapsed) { }
    public void BatchSize(int size) { }
    public void Notification(string notifier, string outcome) { }
    public void ModeChanged(string mode) { }
}
