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
            configuration.ClientName ??= "enrichment-workers";
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddSingleton<IEnrichmentModeStore, RedisModeStore>();
        services.AddSingleton<ISharedClassificationCache, RedisClassificationCache>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [readyTag]);
        return services;
    }
}
