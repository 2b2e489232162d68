using System.ComponentModel.DataAnnotations;
using Enrichment.Core;
using Microsoft.Extensions.Options;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Modes;
using Enrichment.Core.Rules;
using Enrichment.Gateway;
using Enrichment.Host.Composition.Plugins;
using Enrichment.Llm;
using Enrichment.Notifier;
using Enrichment.Redis;
using Enrichment.ServiceDefaults;
using Enrichment.Worker;

namespace Enrichment.Host.Composition;

/// <summary>Composes the roles chosen by <c>ENRICHMENT_ROLES</c> into one process.</summary>
public static class HostComposition
{
    public static EnrichmentRoles AddEnrichment(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        var configuration = builder.Configuration;
        var roles = EnrichmentRoles.Parse(configuration["Enrichment:Roles"]);
        // Read now because they shape the composition; validated now so that a bad value fails with its name, not deep inside MassTransit.
        var messaging = ValidateNow(configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();

        var services = builder.Services;
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        services.AddOptions<EnrichmentOptions>().BindConfiguration(EnrichmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClassificationOptions>().BindConfiguration(ClassificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The mode: shared through Redis when configured; every process polls it.
        if (!string.IsNullOrWhiteSpace(redis.Url))
        {
            services.AddEnrichmentRedis(redis.Url, ServiceDefaultsExtensions.ReadyTag);
        }
        else
        {
            services.AddSingleton<IEnrichmentModeStore, InMemoryModeStore>();
        }
        services.AddSingleton<EnrichmentModeState>();
        services.AddHostedService<ModeSynchronizer>();

        services.AddSingleton<IRuleClassifier, RuleBasedClassifier>();
        services.AddSingleton<ClassificationService>();
        // The classification cache: L1 in memory always, L2 when AddEnrichmentRedis registered one.
        services.AddSingleton<MemoryClassificationCache>();
        services.AddSingleton<IClassificationCache, TieredClassificationCache>();
        services.AddEnrichmentLlm(configuration);
        // ENRICHMENT_PLUGINS: last, so a plug-in's classifier replaces the built-in one.
        services.AddEnrichmentPlugins(configuration);

        if (roles.Gateway)
        {
            services.AddGatewayRole();
        }
        if (roles.Worker)
        {
            services.AddWorkerRole();
        }
        if (roles.Notifier)
        {
            var notifier = ValidateNow(configuration.GetSection(NotifierOptions.Section).Get<NotifierOptions>() ?? new NotifierOptions());
            services.AddNotifierRole(notifier, consoleByDefault: roles.All && !messaging.UsesRabbitMq);
        }
        services.AddEnrichmentBus(roles, messaging);
        return roles;
    }

    private static T ValidateNow<T>(T options) where T : class
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(typeof(T).Name, typeof(T), results.Select(r => r.ErrorMessage ?? "invalid"));
        }
        return options;
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
