using Enrichment.Notifier;
using Enrichment.WebConsole;
using Enrichment.Notifier.Incidents;
using Enrichment.Worker;
using MassTransit;

namespace Enrichment.Host.Composition;

/// <summary>MassTransit for the chosen roles: RabbitMQ when <c>RABBITMQ_URL</c> is set, in-memory otherwise.</summary>
internal static class BusComposition
{
    public static IServiceCollection AddEnrichmentBus(this IServiceCollection services, EnrichmentRoles roles, MessagingOptions messaging)
    {
        services.AddMassTransit(bus =>
        {
            if (roles.Worker)
            {
                bus.AddWorkerConsumers();
            }
            if (roles.Gateway)
            {
                bus.AddConsoleFeed();
            }
            if (messaging.UsesRabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    // Durable queues and publisher confirms are MassTransit's defaults on RabbitMQ; stated here because the
                    // at-least-once promise rests on them.
                    cfg.Host(new Uri(messaging.Url!), h => h.PublisherConfirmation = true);
                    cfg.Durable = true;
                    // The targets as NOTIFIER_* configures them (the embedded default for NOTIFIER_CONSOLE never applies on RabbitMQ).
                    var targets = context.GetRequiredService<IConfiguration>().GetSection(NotifierOptions.Section).Get<NotifierOptions>() ?? new NotifierOptions();
                    if (roles.Worker)
                    {
                        var queues = NotifierTargets.QueueNames(targets);
                        NotifierQueueTopology.DeclareTargetQueues(cfg, queues, targets.QueueExpiry);
                        NotifierQueueTopology.PublishEventsMandatory(cfg);
                        var incidents = context.GetRequiredService<IConfiguration>().GetSection(IncidentNotifierOptions.Section).Get<IncidentNotifierOptions>()
                            ?? new IncidentNotifierOptions();
                        NotifierQueueTopology.DeclareIncidentTargetQueues(cfg, IncidentNotifierTargets.QueueNames(targets, incidents), targets.QueueExpiry);
                        LogTargets(context, queues);
                    }
                    ConfigureEndpoints(cfg, context, roles, endpoint =>
                    {
                        if (endpoint is IRabbitMqReceiveEndpointConfigurator queue)
                        {
                            NotifierQueueTopology.Bound(queue, targets.QueueExpiry);
                        }
                    });
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => ConfigureEndpoints(cfg, context, roles, configureTargetQueue: null));
            }
        });
        return services;
    }

    private static void ConfigureEndpoints<T>(IBusFactoryConfigurator<T> cfg, IBusRegistrationContext context, EnrichmentRoles roles,
        Action<IReceiveEndpointConfigurator>? configureTargetQueue)
        where T : IReceiveEndpointConfigurator
    {
        if (roles.Notifier)
        {
            cfg.ConfigureNotifierEndpoints(context, configureTargetQueue);
        }
        if (roles.Gateway)
        {
            // Its own temporary queue on the events' copies: never a target queue, never counted for mandatory routing.
            cfg.ConfigureConsoleFeedEndpoint(context);
        }
        cfg.ConfigureEndpoints(context);
    }

    private static void LogTargets(IBusRegistrationContext context, IReadOnlyList<string> queues)
    {
        var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BusComposition));
        if (queues.Count == 0)
        {
            logger.LogWarning("This worker knows no notifier target (NOTIFIER_* unset): until a notifier has declared its queue, "
                + "events are returned by RabbitMQ and their batches end in enrichment-alerts_error. Give workers the notifiers' NOTIFIER_* settings.");
            return;
        }
        logger.LogInformation("Declaring the queues of {Count} notifier targets before publishing: {Queues}", queues.Count, string.Join(", ", queues));
    }
}
