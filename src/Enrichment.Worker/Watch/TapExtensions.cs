using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Worker.Watch;

public static class TapExtensions
{
    /// <summary>Copies of the enriched events for the console (see <see cref="Contracts.EnrichedEventsCopy"/>).</summary>
    public static IServiceCollection AddEnrichedEventsTap(this IServiceCollection services)
    {
        services.AddSingleton<EnrichedEventsTap>();
        services.AddPublishObserver(sp => sp.GetRequiredService<EnrichedEventsTap>());
        services.AddHostedService<EnrichedEventsTapPublisher>();
        return services;
    }
}
