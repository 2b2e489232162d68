using Enrichment.Core;
using Enrichment.Core.Diagnostics;
using Enrichment.ServiceDefaults.Configuration;
using Enrichment.ServiceDefaults.Health;
using Enrichment.ServiceDefaults.Security;
using Enrichment.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace Enrichment.ServiceDefaults;

/// <summary>
/// What every role shares: configuration conventions, logs on stderr, health, <c>/metrics</c>,
/// traces, and the auth guards. In the spirit of eShop's ServiceDefaults.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Activity source for the project's own spans.</summary>
    public const string ActivitySourceName = EnrichmentTelemetry.SourceName;

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        FlexibleTimeSpanConverter.Register();
        builder.Configuration.Add(new EnvironmentAliasesSource());

        // stdout belongs to the console notifier (one JSON line per event); every log goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // HttpClient's own logging prints request URIs and could print headers; keep it quiet.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Services.AddHealthChecks();
        builder.Services.AddMetrics();
        MeterExport.EnsureStarted();
        builder.Services.AddSingleton<IEnrichmentMetrics, PrometheusEnrichmentMetrics>();
        builder.Services.AddSingleton<Core.Incidents.IIncidentMetrics, PrometheusIncidentMetrics>();

        builder.AddValidatedOptions<TokenOptions>(TokenOptions.GatewaySection, AuthEndpointFilters.IngestKey);
        builder.AddValidatedOptions<TokenOptions>(TokenOptions.AdminSection, AuthEndpointFilters.AdminKey);
        builder.Services.AddKeyedSingleton(AuthEndpointFilters.IngestKey, (sp, key) =>
            new TokenCheck(sp.GetRequiredService<IOptionsMonitor<TokenOptions>>().Get((string)key!).Resolve()));
        builder.Services.AddKeyedSingleton(AuthEndpointFilters.AdminKey, (sp, key) =>
            new TokenCheck(sp.GetRequiredService<IOptionsMonitor<TokenOptions>>().Get((string)key!).Resolve()));
        builder.AddValidatedOptions<AdminOptions>(AdminOptions.Section);

        builder.AddTracing();
        return builder;
    }

    private static void AddTracing(this IHostApplicationBuilder builder)
    {
        // The OpenTelemetry specification's own variables (the OTLP exporter reads the endpoint itself too), not a section of ours.
        var otlpEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "enrichment-workers";
        // Spans cost even unexported (TracingOptions says how much): on only with somewhere to send them, or when asked for.
        var options = builder.AddValidatedOptions<TracingOptions>(TracingOptions.Section);
        if (!(options.Enabled ?? !string.IsNullOrWhiteSpace(otlpEndpoint)))
        {
            return;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ActivitySourceName)
                    .AddSource("MassTransit")
                    .AddSource(EnrichmentTelemetry.ModelSourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                        !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = TraceRedaction.RedactRequestUrl);
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    tracing.AddOtlpExporter();
                }
            });
    }

    /// <summary><c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>: open on every role.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                // Degraded (e.g. Redis away) still serves: workers classify from L1, model and rules.
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapMetrics("/metrics");
        return app;
    }
}
