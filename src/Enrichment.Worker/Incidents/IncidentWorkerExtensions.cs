using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Worker.Incidents;

/// <summary>The worker's part of incidents: correlation of each batch, and the loop that publishes updates and digests.</summary>
public static class IncidentWorkerExtensions
{
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddIncidentBook();
        var services = builder.Services;
        services.AddSingleton<IncidentService>();
        services.AddSingleton<RuleDigester>();
        services.TryAddSingleton<IDigestCache>(new MemoryDigestCache());
        services.AddSingleton<IncidentDigests>();
        services.AddSingleton<IncidentUpdater>();
        if (options.Enabled)
        {
            services.AddHostedService<IncidentWarmUp>();
            services.AddHostedService<IncidentUpdatesService>();
        }
        return builder;
    }
}
