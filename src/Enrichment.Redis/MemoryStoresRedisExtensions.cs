using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Redis.Feedback;
using Enrichment.Redis.History;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Redis;

public static class MemoryStoresRedisExtensions
{
    /// <summary>
    /// Alert history and corrections in Redis, shared by every gateway and worker (needs
    /// <see cref="RedisServiceCollectionExtensions.AddEnrichmentRedis"/> with <c>REDIS_URL</c> set).
    /// </summary>
    public static IServiceCollection AddRedisAlertMemory(this IServiceCollection services)
    {
        services.AddSingleton<IAlertHistoryStore, RedisAlertHistoryStore>();
        services.AddSingleton<IOverrideStore, RedisOverrideStore>();
        return services;
    }
}
