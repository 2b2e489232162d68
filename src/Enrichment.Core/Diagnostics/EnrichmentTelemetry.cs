using System.Diagnostics;

namespace Enrichment.Core.Diagnostics;

/// <summary>
/// The project's own spans. <see cref="ActivitySource"/> is part of the base library, so Core can
/// emit spans without knowing any exporter; the service defaults subscribe to <see cref="SourceName"/>.
/// Attributes carry counts, modes and outcomes — never alert text, label values or keys — unless
/// <c>ENRICHMENT_TRACE_ALERT_CONTENT=true</c> (see <see cref="EnrichmentOptions.TraceAlertContent"/>).
/// </summary>
public static class EnrichmentTelemetry
{
    public const string SourceName = "Enrichment";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// The name under which Microsoft.Extensions.AI's OpenTelemetry client emits the model's spans and GenAI metrics
    /// (the LLM layer passes it; the service defaults listen to it and export its meter).
    /// </summary>
    public const string ModelSourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>Span attribute names, in the <c>enrichment.</c> namespace.</summary>
    public static class Tags
    {
        public const string BatchSize = "enrichment.batch.size";
        public const string Mode = "enrichment.mode";
        public const string ClassifiedByModel = "enrichment.classified.llm";
        public const string ClassifiedByRules = "enrichment.classified.rules";
        public const string CacheHits = "enrichment.cache.hits";
        public const string Degraded = "enrichment.degraded";
        public const string Unclassified = "enrichment.unclassified";
        /// <summary>Only with content tracing on: the batch's distinct alert names.</summary>
        public const string AlertNames = "enrichment.alert.names";
    }
}
