using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Core.Incidents;

/// <summary>What the roles that read or write incidents (the worker and the gateway) share.</summary>
public static class IncidentComposition
{
    /// <summary>
    /// <c>INCIDENT_*</c> validated, and the book in memory unless the host registered a shared store before (Redis, with
    /// <c>REDIS_URL</c>). Safe to call from more than one role in one process: the store is one.
    /// </summary>
    public static IncidentOptions AddIncidentBook(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddValidatedOptions<IncidentOptions>(IncidentOptions.Section);
        builder.Services.TryAddSingleton<IIncidentStore, InMemoryIncidentStore>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IIncidentMetrics>(NullIncidentMetrics.Instance);
        return options;
    }
}
