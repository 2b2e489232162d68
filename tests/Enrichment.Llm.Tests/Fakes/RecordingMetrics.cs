using System.Collections.Concurrent;
using Enrichment.Core;

namespace Enrichment.Llm.Tests.Fakes;

/// <summary>Remembers the LLM metrics the classifier reports.</summary>
public sealed class RecordingMetrics : IEnrichmentMetrics
{
    public ConcurrentQueue<string> Outcomes { get; } = new();

    public ConcurrentQueue<(string Direction, long Tokens)> Tokens { get; } = new();

    public ConcurrentQueue<int> CircuitStates { get; } = new();

    public int LastCircuitState => CircuitStates.LastOrDefault();

    public int Count(string outcome) => Outcomes.Count(o => o == outcome);

    public void LlmRequest(string provider, string model, string outcome) => Outcomes.Enqueue(outcome);

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
