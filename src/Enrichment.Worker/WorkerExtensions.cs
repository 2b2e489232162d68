using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Rules;
using Enrichment.Llm;
using Enrichment.Worker.Classify;
using Enrichment.Worker.Consumers;
using Enrichment.Worker.Watch;
using Enrichment.Worker.Incidents;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Worker;

/// <summary>
/// The worker role: the classification chain (rules, the two-tier cache, the model when <c>LLM_ENABLED=true</c>), the
/// batch consumer and <c>/api/v1/classify</c>. Only this role reads <c>LLM_*</c>, so a gateway or notifier given the
/// model's settings without its key still starts. It needs the mode state (composed by the host, which knows where
/// the mode lives); with <c>REDIS_URL</c> the host adds the L2 cache.
/// </summary>
public static class WorkerExtensions
{
    public static IHostApplicationBuilder AddWorkerRole(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<WorkerOptions>(WorkerOptions.Section);
        builder.AddClassificationChain();
        builder.Services.AddSingleton<AlertEnricher>();
        builder.Services.AddEnrichedEventsTap();
        builder.AddIncidents();
        return builder;
    }

    /// <summary>Cache → configured classifier (the model, or a plug-in's) → rules.</summary>
    private static void AddClassificationChain(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        var services = builder.Services;
        services.AddSingleton<IRuleClassifier, RuleBasedClassifier>();
        services.AddSingleton<ClassificationService>();
        // L1 in memory always; L2 when the host registered an ISharedClassificationCache.
        services.AddSingleton<MemoryClassificationCache>();
        services.AddSingleton<IClassificationCache, TieredClassificationCache>();
        builder.AddEnrichmentLlm();
    }

    public static IBusRegistrationConfigurator AddWorkerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AlertRequestBatchConsumer, AlertRequestBatchConsumerDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapWorkerRole(this IEndpointRouteBuilder endpoints) => endpoints.MapClassify();
}
