using Enrichment.Gateway.Admin;
using Enrichment.Gateway.Ingest;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Gateway;

/// <summary>The gateway role: ingest routes and the mode admin routes.</summary>
public static class GatewayExtensions
{
    public static IServiceCollection AddGatewayRole(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AlertIngestPublisher>();
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayRole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIngest();
        endpoints.MapModeAdmin();
        return endpoints;
    }
}
