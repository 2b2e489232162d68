using Enrichment.Core;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Modes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Reads and validates <c>REDIS_URL</c> and <c>REDIS_KEY_PREFIX</c>; with <c>REDIS_URL</c> set, registers the connection
    /// and its readiness check. What is kept in Redis (the mode, the L2 cache) each role adds itself. The connection
    /// does not abort when Redis is down at start; it keeps retrying in the background.
    /// </summary>
    public static RedisOptions AddEnrichmentRedis(this IHostApplicationBuilder builder, string readyTag)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddValidatedOptions<RedisOptions>(RedisOptions.Section);
        if (!options.IsConfigured)
        {
            return options;
        }
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var configuration = ConfigurationOptions.Parse(options.Url!);
            configuration.AbortOnConnectFail = false;
            // While disconnected, fail commands at once instead of queueing them: every caller has a
            // fallback (L1, the last known mode, Degraded readiness), and a queued command would hide the outage.
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ClientName ??= "enrichment-workers";
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [readyTag]);
        return options;
    }

    /// <summary>The mode shared by every process (needs <see cref="AddEnrichmentRedis"/> with <c>REDIS_URL</c> set).</summary>
    public static IServiceCollection AddRedisModeStore(this IServiceCollection services) =>
        services.AddSingleton<IEnrichmentModeStore, RedisModeStore>();

    /// <summary>The incident book and digest cache shared by every worker and gateway (needs <see cref="AddEnrichmentRedis"/> with <c>REDIS_URL</c> set).</summary>
    public static IServiceCollection AddRedisIncidentStore(this IServiceCollection services) =>
        services.AddSingleton<Core.Incidents.IIncidentStore, Incidents.RedisIncidentStore>()
            .AddSingleton<Core.Incidents.Digest.IDigestCache, Incidents.RedisDigestCache>();

    /// <summary>
    /// The L2 classification cache shared by every worker, and the signature leases through which the workers ask the
    /// model once per signature between them (needs <see cref="AddEnrichmentRedis"/> with <c>REDIS_URL</c> set).
    /// </summary>
    public static IServiceCollection AddRedisClassificationCache(this IServiceCollection services) =>
        services.AddSingleton<ISharedClassificationCache, RedisClassificationCache>()
            .AddSingleton<ISignatureLeases>(sp => new RedisSignatureLeases(
                sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<RedisOptions>>()));
}
