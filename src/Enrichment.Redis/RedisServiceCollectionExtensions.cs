using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Modes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// With <c>REDIS_URL</c> set: the shared mode store, the L2 classification cache and the Redis health check. The connection
    /// does not abort when Redis is down at start; it keeps retrying in the background.
    /// </summary>
    public static IServiceCollection AddEnrichmentRedis(this IServiceCollection services, string url, string readyTag)
    {
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var configuration = ConfigurationOptions.Parse(url);
            configuration.AbortOnConnectFail = false;
            // While disconnected, fail commands at once instead of queueing them: every caller has a
            // fallback (L1, the last known mode, Degraded readiness), and a queued command would hide the outage.
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ClientName ??= "enrichment-workers";
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddSingleton<IEnrichmentModeStore, RedisModeStore>();
        services.AddSingleton<ISharedClassificationCache, RedisClassificationCache>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [readyTag]);
        return services;
    }
}
