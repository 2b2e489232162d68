using Enrichment.Core;
using Enrichment.Gateway.Admin;
using Enrichment.Gateway.Feedback;
using Enrichment.Gateway.Incidents;
using Enrichment.Gateway.Ingest;
using Enrichment.WebConsole;
using Enrichment.Core.Incidents;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Gateway;

/// <summary>The gateway role: ingest routes, the mode admin routes, corrections and the web console (<c>/ui</c>). It needs the mode state (composed by the host, which knows where the mode lives).</summary>
public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGatewayRole(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<GatewayOptions>(GatewayOptions.Section);
        builder.Services.AddSingleton<AlertIngestPublisher>();
        builder.Services.AddHostedService<IngestWarmUp>();
        builder.AddWebConsole();
        builder.AddFeedback();
        builder.AddIncidentBook();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewayRole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIngest();
        endpoints.MapModeAdmin();
        endpoints.MapWebConsole();
        endpoints.MapFeedback();
        endpoints.MapIncidents();
        return endpoints;
    }
}
