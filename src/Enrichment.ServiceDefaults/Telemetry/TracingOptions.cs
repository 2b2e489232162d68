namespace Enrichment.ServiceDefaults.Telemetry;

/// <summary>The <c>Tracing</c> section (<c>TRACING_ENABLED</c> ≡ <c>Tracing:Enabled</c>).</summary>
public sealed class TracingOptions
{
    public const string Section = "Tracing";

    /// <summary>
    /// <c>TRACING_ENABLED</c>: record spans; unset, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> gives somewhere to send them.
    /// Spans nobody exports still cost: a listener makes MassTransit, ASP.NET Core and HttpClient create and fill an
    /// activity per message and request (about a fifth of the pipeline's CPU, docs/PERFORMANCE.md).
    /// </summary>
    public bool? Enabled { get; set; }
}
