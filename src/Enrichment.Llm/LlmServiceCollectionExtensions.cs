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
    /// malformed URL). Otherwise nothing is registered and the rules answer. Called by the role that classifies (the
    /// worker) only: the other roles never read <c>LLM_*</c>.
    /// </summary>
    public static IHostApplicationBuilder AddEnrichmentLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.AddValidatedOptions<LlmOptions>(LlmOptions.Section);
        if (!configured.Enabled)
        {
            return builder;
        }
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return new LlmClassifier(ChatClientFactory.Create(options), options, sp.GetRequiredService<IEnrichmentMetrics>(),
                sp.GetRequiredService<ILogger<LlmClassifier>>(), sp.GetService<TimeProvider>());
        });
        builder.Services.AddSingleton<IAlertClassifier>(sp => sp.GetRequiredService<LlmClassifier>());
        // Incident digests: the same model, pipeline, budget and breaker.
        builder.Services.AddSingleton<Core.Incidents.Digest.IIncidentDigester>(sp =>
            new Digest.LlmIncidentDigester(sp.GetRequiredService<LlmClassifier>(), sp.GetRequiredService<ILogger<Digest.LlmIncidentDigester>>()));
        return builder;
    }
}
