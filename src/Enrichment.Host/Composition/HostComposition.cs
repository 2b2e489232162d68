using Enrichment.Core;
using Enrichment.Gateway;
using Enrichment.Host.Composition.Plugins;
using Enrichment.Notifier;
using Enrichment.Redis;
using Enrichment.ServiceDefaults;
using Enrichment.WebConsole;
using Enrichment.Worker;
using Microsoft.Extensions.Configuration.Memory;

namespace Enrichment.Host.Composition;

/// <summary>
/// Composes the roles chosen by <c>ENRICHMENT_ROLES</c> into one process, each role with only what it uses, the way
/// Loki's modules do: every role reads and validates its own options (<see cref="ValidatedOptions"/>), the model and
/// the classification chain come with the worker, the mode state with the roles that read it, the plug-ins after
/// the roles, the bus last.
/// </summary>
public static class HostComposition
{
    public static EnrichmentRoles AddEnrichment(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        var enrichment = builder.AddValidatedOptions<EnrichmentOptions>(EnrichmentOptions.Section);
        var roles = EnrichmentRoles.From(enrichment);
        var messaging = builder.AddValidatedOptions<MessagingOptions>(MessagingOptions.Section);
        builder.AddEmbeddedDefaults(roles, messaging);

        if (roles.UsesMode)
        {
            var redis = builder.AddEnrichmentRedis(ServiceDefaultsExtensions.ReadyTag);
            builder.AddModeState(roles, messaging, redis);
            builder.AddAlertMemory(roles, redis);
            if (roles.Worker && redis.IsConfigured)
            {
                builder.Services.AddRedisClassificationCache();
                // The console on any gateway shows this worker's model state.
                builder.Services.AddConsoleVitalsReporter();
            }
            if (roles.Gateway && redis.IsConfigured)
            {
                // Console sessions and CSRF tokens made by one gateway are read by every other.
                builder.Services.AddRedisDataProtectionKeys(redis);
            }
            if (redis.IsConfigured)
            {
                // Incidents: one book for every worker (correlation) and gateway (GET /api/v1/incidents).
                builder.Services.AddRedisIncidentStore();
            }
        }
        if (roles.Gateway)
        {
            builder.AddConsoleComposition(messaging);
            builder.AddGatewayRole();
        }
        if (roles.Worker)
        {
            builder.AddWorkerRole();
        }
        if (roles.Notifier)
        {
            builder.AddNotifierRole();
        }
        // ENRICHMENT_PLUGINS: after the roles, so a plug-in's classifier replaces the built-in one.
        builder.AddEnrichmentPlugins(enrichment);
        builder.Services.AddEnrichmentBus(roles, messaging);
        if (roles.Gateway)
        {
            // After the bus (hosted services start in order), before the server listens.
            builder.Services.AddHostedService<Enrichment.Gateway.Ingest.IngestSendWarmUp>();
        }
        return roles;
    }

    /// <summary>
    /// Defaults of the embedded mode (every role in one process on the in-memory transport): the events go to stdout,
    /// where someone trying the service looks. Added beneath every other configuration source, so a setting still wins.
    /// </summary>
    private static void AddEmbeddedDefaults(this IHostApplicationBuilder builder, EnrichmentRoles roles, MessagingOptions messaging)
    {
        if (roles.All && !messaging.UsesRabbitMq)
        {
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
            {
                InitialData = [new($"{NotifierOptions.Section}:{nameof(NotifierOptions.Console)}", "true")],
            });
        }
    }

    public static WebApplication MapEnrichment(this WebApplication app, EnrichmentRoles roles)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(roles);
        app.MapServiceDefaults();
        if (roles.Gateway)
        {
            app.MapGatewayRole();
        }
        if (roles.Worker)
        {
            app.MapWorkerRole();
        }
        return app;
    }
}
