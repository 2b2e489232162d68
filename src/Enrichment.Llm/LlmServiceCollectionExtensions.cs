using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Llm.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// With <c>LLM_ENABLED=true</c>: the BYOK classifier as the chain's <see cref="IAlertClassifier"/>, its options
    /// validated while the host composes (a message naming the variable for a missing key, an unknown provider, a
    /// malformed URL, and the same for each fallback's <c>LLM_N_*</c>). With <c>LLM_FALLBACK_PROVIDERS</c> the
    /// classifier is an <see cref="LlmChain"/> of the primary and its fallbacks; the primary stays registered as
    /// <see cref="LlmClassifier"/> either way. Otherwise nothing is registered and the rules answer. Called by the role
    /// that classifies (the worker) only: the other roles never read <c>LLM_*</c>.
    /// </summary>
    public static IHostApplicationBuilder AddEnrichmentLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.AddValidatedOptions<LlmOptions>(LlmOptions.Section);
        if (!configured.Enabled)
        {
            return builder;
        }
        var services = builder.Services;
        services.AddSingleton(sp => new ChainModels(sp.GetRequiredService<IOptions<LlmOptions>>().Value.Chain()
            .Select(options => Create(sp, options))
            .ToList()));
        services.AddSingleton(sp => sp.GetRequiredService<ChainModels>().Models[0]);
        // Incident digests: the primary model, through its pipeline, budgets and breaker (the rules write the digest when it fails).
        services.AddSingleton<Core.Incidents.Digest.IIncidentDigester>(sp =>
            new Digest.LlmIncidentDigester(sp.GetRequiredService<LlmClassifier>(), sp.GetRequiredService<ILogger<Digest.LlmIncidentDigester>>()));
        if (configured.FallbackCount == 0)
        {
            services.AddSingleton<IAlertClassifier>(sp => sp.GetRequiredService<LlmClassifier>());
            return builder;
        }
        services.AddSingleton(sp => new LlmChain(
            sp.GetRequiredService<ChainModels>().Models,
            sp.GetRequiredService<ILogger<LlmChain>>(),
            // The fallbacks' answers are kept (under their own namespaces) only where the service keeps the primary's.
            sp.GetService<IOptions<ClassificationOptions>>()?.Value.EnableCache == true ? sp.GetService<IClassificationCache>() : null));
        services.AddSingleton<IAlertClassifier>(sp => sp.GetRequiredService<LlmChain>());
        return builder;
    }

    /// <summary>The models of the chain, built once: the primary (also <see cref="LlmClassifier"/>) and the fallbacks.</summary>
    private sealed record ChainModels(IReadOnlyList<LlmClassifier> Models);

    private static LlmClassifier Create(IServiceProvider services, LlmOptions options) =>
        new(ChatClientFactory.Create(options), options, services.GetRequiredService<IEnrichmentMetrics>(),
            services.GetRequiredService<ILogger<LlmClassifier>>(), services.GetService<TimeProvider>());
}
