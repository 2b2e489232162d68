using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Host.Composition.Plugins;

/// <summary>
/// A plug-in's classifier as the chain sees it: its own answers say <c>source: plugin</c>, whatever the plug-in wrote, so
/// that nobody mistakes a team's lookup table for the model. Verdicts it hands on from the rules keep <c>rules</c>
/// (and stay out of the cache, as the chain does for every rule verdict).
/// </summary>
public sealed class PluginClassifier(IAlertClassifier inner) : IAlertClassifier
{
    public string CacheNamespace => inner.CacheNamespace;

    public async Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        var answers = await inner.ClassifyAsync(alerts, cancellationToken);
        return answers.Select(answer => answer.Classification is { Source: not ClassificationSource.Rules } classification
                ? ClassifierAnswer.Answered(classification with { Source = ClassificationSource.Plugin })
                : answer)
            .ToList();
    }

    /// <summary>Wraps every unkeyed <see cref="IAlertClassifier"/> registration that is not in <paramref name="before"/>.</summary>
    internal static void WrapNewRegistrations(IServiceCollection services, IReadOnlySet<ServiceDescriptor> before)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IAlertClassifier) || descriptor.IsKeyedService || before.Contains(descriptor))
            {
                continue;
            }
            services[i] = ServiceDescriptor.Describe(typeof(IAlertClassifier),
                sp => new PluginClassifier((IAlertClassifier)Create(sp, descriptor)), descriptor.Lifetime);
        }
    }

    private static object Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
