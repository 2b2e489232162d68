using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Llm.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// With <c>LLM_ENABLED=true</c>: the BYOK classifier as the chain's <see cref="IAlertClassifier"/>,
    /// its options validated at start (a message naming the variable for a missing key, an unknown
    /// provider, a malformed URL). Otherwise nothing is registered and the rules answer.
    /// </summary>
    public static IServiceCollection AddEnrichmentLlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.GetSection(LlmOptions.Section).GetValue<bool>(nameof(LlmOptions.Enabled)))
        {
            return services;
        }
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return new LlmClassifier(ChatClientFactory.Create(options), options, sp.GetRequiredService<IEnrichmentMetrics>(),
                sp.GetRequiredService<ILogger<LlmClassifier>>(), sp.GetService<TimeProvider>());
        });
        services.AddSingleton<IAlertClassifier>(sp => sp.GetRequiredService<LlmClassifier>());
        return services;
    }
}
