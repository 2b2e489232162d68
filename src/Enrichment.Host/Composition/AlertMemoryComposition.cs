using Enrichment.Core;
using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Enrichment.Host.Composition;

/// <summary>
/// Alert history and corrections, in the processes that use them: the worker records history and applies corrections,
/// the gateway takes corrections and resolves a fingerprint to its signature. Redis when <c>REDIS_URL</c> is set (shared
/// by every process, kept across restarts), memory otherwise — where the mode composition already ensures that gateway
/// and worker are one process.
/// </summary>
internal static class AlertMemoryComposition
{
    public static void AddAlertMemory(this IHostApplicationBuilder builder, EnrichmentRoles roles, RedisOptions redis)
    {
        builder.AddValidatedOptions<HistoryOptions>(HistoryOptions.Section);
        builder.AddValidatedOptions<FeedbackOptions>(FeedbackOptions.Section);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        if (redis.IsConfigured)
        {
            services.AddRedisAlertMemory();
        }
        else
        {
            services.AddSingleton<IAlertHistoryStore>(sp => new InMemoryAlertHistoryStore(sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IOverrideStore, InMemoryOverrideStore>();
        }
        if (roles.Worker)
        {
            services.AddSingleton<AlertMemory>();
            services.AddSingleton<OverrideState>();
            services.AddHostedService<OverrideSynchronizer>();
        }
    }
}
