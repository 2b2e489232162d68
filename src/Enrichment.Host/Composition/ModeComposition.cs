using Enrichment.Core.Modes;
using Enrichment.Redis;

namespace Enrichment.Host.Composition;

/// <summary>The mode, in the processes that read it: the gateway serves and sets it, the worker applies it. Notifiers take it from the event.</summary>
internal static class ModeComposition
{
    public static void AddModeState(this IHostApplicationBuilder builder, EnrichmentRoles roles, MessagingOptions messaging, RedisOptions redis)
    {
        var services = builder.Services;
        if (redis.IsConfigured)
        {
            services.AddRedisModeStore();
        }
        else if (messaging.UsesRabbitMq && !(roles.Gateway && roles.Worker))
        {
            // Refused rather than carried over the bus: without a shared store the mode would live in the memory of whichever
            // gateway took the PUT, so a worker started later, another gateway replica or a restart would not know it.
            throw new InvalidOperationException(
                $"REDIS_URL is required for ENRICHMENT_ROLES={roles} on RabbitMQ: a mode set on a gateway reaches workers in other "
                + "processes only through Redis. Set REDIS_URL, or run the gateway and worker roles in one process.");
        }
        else
        {
            services.AddSingleton<IEnrichmentModeStore, InMemoryModeStore>();
        }
        services.AddSingleton<EnrichmentModeState>();
        services.AddHostedService<ModeSynchronizer>();
    }
}
