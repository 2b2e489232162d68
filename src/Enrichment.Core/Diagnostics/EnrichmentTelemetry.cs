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
