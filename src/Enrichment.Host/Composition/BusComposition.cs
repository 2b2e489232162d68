using Enrichment.Notifier;
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
            if (messaging.UsesRabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    // Durable queues and publisher confirms are MassTransit's defaults on RabbitMQ; stated here because the
                    // at-least-once promise rests on them.
                    cfg.Host(new Uri(messaging.Url!), h => h.PublisherConfirmation = true);
                    cfg.Durable = true;
                    ConfigureEndpoints(cfg, context, roles);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => ConfigureEndpoints(cfg, context, roles));
            }
        });
        return services;
    }

    private static void ConfigureEndpoints<T>(IBusFactoryConfigurator<T> cfg, IBusRegistrationContext context, EnrichmentRoles roles)
        where T : IReceiveEndpointConfigurator
    {
        if (roles.Notifier)
        {
            cfg.ConfigureNotifierEndpoints(context);
        }
        cfg.ConfigureEndpoints(context);
    }
}
