using Enrichment.Worker.Classify;
using Enrichment.Worker.Consumers;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Worker;

/// <summary>The worker role: the batch classification consumer and <c>/api/v1/classify</c>.</summary>
public static class WorkerExtensions
{
    public static IServiceCollection AddWorkerRole(this IServiceCollection services)
    {
        services.AddSingleton<AlertEnricher>();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static IBusRegistrationConfigurator AddWorkerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AlertRequestBatchConsumer, AlertRequestBatchConsumerDefinition>();
        bus.AddConsumer<AlertBatchConsumer, AlertBatchConsumerDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapWorkerRole(this IEndpointRouteBuilder endpoints) => endpoints.MapClassify();
}
