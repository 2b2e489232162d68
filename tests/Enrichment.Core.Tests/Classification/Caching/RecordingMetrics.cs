using System.Collections.Concurrent;

namespace Enrichment.Core.Tests.Classification.Caching;

/// <summary>Counts <c>enrichment_cache_lookups_total</c> by tier and result; ignores the rest.</summary>
public sealed class RecordingMetrics : IEnrichmentMetrics
{
    public ConcurrentDictionary<(string Tier, string Result), int> Lookups { get; } = new();

    public int LookupsOf(string tier, string result) => Lookups.GetValueOrDefault((tier, result));

    public void CacheLookups(string tier, string result, int count) => Lookups.AddOrUpdate((tier, result), count, (_, c) => c + count);

    public void AlertsReceived(string route, int count) { }
    public void AlertEnriched(string mode, string source) { }
    public void LlmRequest(string provider, string model, string outcome) { }
    public void LlmTokens(string provider, string model, string direction, long tokens) { }
    public void CircuitBreakerState(string provider, int state) { }
    public void ClassificationDuration(TimeSpan elapsed) { }
    public void BatchSize(int size) { }
    public void Notification(string notifier, string outcome) { }
    public void ModeChanged(string mode) { }
}
