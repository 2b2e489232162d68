using System.Diagnostics.Metrics;
using Enrichment.Core.Diagnostics;
using Prometheus;

namespace Enrichment.ServiceDefaults.Telemetry;

/// <summary>
/// Which System.Diagnostics.Metrics meters reach <c>/metrics</c>, through prometheus-net's meter
/// adapter: MassTransit, Polly, Microsoft.Extensions.AI (GenAI client metrics) and ASP.NET Core's
/// request metrics. Everything else the runtime publishes (System.Runtime, private QUIC diagnostics,
/// the EventCounter bridge) is left out: prometheus-net's own <c>process_*</c>/<c>dotnet_*</c>
/// collectors cover the runtime, and those adapters emit names <c>promtool check metrics</c> rejects
/// (gauges ending in <c>_count</c> or <c>_total</c>).
/// </summary>
public static class MeterExport
{
    /// <summary>Meter names exported; the Prometheus name is the meter name plus the instrument name, snake_cased.</summary>
    public static readonly IReadOnlySet<string> Meters = new HashSet<string>(StringComparer.Ordinal)
    {
        "MassTransit",
        "Polly",
        EnrichmentTelemetry.ModelSourceName,
        "Microsoft.Extensions.AI",
        "Microsoft.AspNetCore.Hosting",
    };

    // Millisecond instruments (MassTransit's durations) need wider buckets than prometheus-net's seconds defaults.
    private static readonly double[] MillisecondBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];
    private static readonly double[] SecondBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    // GenAI token usage is a histogram of counts.
    private static readonly double[] CountBuckets = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 50000];

    private static int _configured;

    /// <summary>
    /// Configures the adapters once per process (prometheus-net is process-global; several hosts may run in one
    /// test process) and starts them. The meter adapter only starts listening at the first collection
    /// (prometheus-net issue 487): without the bootstrap collection here every counter and histogram
    /// recorded before the first scrape would be lost, and a process scraped rarely would show none.
    /// </summary>
    public static void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressEventCounters = true,
            SuppressMeters = false,
            SuppressProcessMetrics = false,
            SuppressDebugMetrics = false,
        });
        Metrics.ConfigureMeterAdapter(o =>
        {
            o.InstrumentFilterPredicate = instrument => Meters.Contains(instrument.Meter.Name);
            o.ResolveHistogramBuckets = BucketsFor;
            // Bounded label sets (endpoints, message types, providers): keep series instead of expiring idle ones,
            // which would restart their values from zero.
            o.MetricsExpireAfter = TimeSpan.FromDays(1);
        });
        Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();
    }

    private static double[] BucketsFor(Instrument instrument) => instrument.Unit switch
    {
        "ms" => MillisecondBuckets,
        "s" => SecondBuckets,
        _ when instrument.Name.Contains("token", StringComparison.Ordinal) => CountBuckets,
        _ => SecondBuckets,
    };
}
