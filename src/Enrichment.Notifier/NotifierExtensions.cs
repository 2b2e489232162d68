using Enrichment.Core;
using Enrichment.Notifier.Console;
using Enrichment.Notifier.Webhook;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Notifier;

/// <summary>The notifier role: one receive endpoint per configured target.</summary>
public static class NotifierExtensions
{
    /// <param name="consoleByDefault">Whether the console notifier is on when <c>NOTIFIER_CONSOLE</c> is unset.</param>
    public static IServiceCollection AddNotifierRole(this IServiceCollection services, NotifierOptions configured, bool consoleByDefault)
    {
        ArgumentNullException.ThrowIfNull(configured);
        services.AddOptions<NotifierOptions>().BindConfiguration(NotifierOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookNotifier.HttpClientName, (sp, client) =>
            client.Timeout = sp.GetRequiredService<IOptions<NotifierOptions>>().Value.Timeout);

        if (configured.Console ?? consoleByDefault)
        {
            services.AddSingleton<INotifier, ConsoleNotifier>();
        }
        // Validation at start reports malformed URLs by name; only well-formed ones are registered here.
        foreach (var url in SafeWebhookUrls(configured))
        {
            services.AddSingleton<INotifier>(sp => new WebhookNotifier(url,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookNotifier.HttpClientName), configured.Concurrency));
        }
        return services;
    }

    /// <summary>Declares each target's queue, bound to <c>AlertEnriched</c>, with its retry policy.</summary>
    public static void ConfigureNotifierEndpoints(this IBusFactoryConfigurator bus, IBusRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<NotifierOptions>>().Value;
        var metrics = context.GetRequiredService<IEnrichmentMetrics>();
        var logger = context.GetRequiredService<ILogger<NotifierConsumer>>();
        foreach (var notifier in context.GetServices<INotifier>())
        {
            bus.ReceiveEndpoint(notifier.EndpointName, endpoint =>
            {
                endpoint.PrefetchCount = notifier.Concurrency * 2;
                endpoint.ConcurrentMessageLimit = notifier.Concurrency;
                if (options.RetryLimit > 0)
                {
                    endpoint.UseMessageRetry(r => r.Exponential(options.RetryLimit, options.RetryMinDelay, options.RetryMaxDelay,
                        options.RetryMinDelay));
                }
                endpoint.Consumer(() => new NotifierConsumer(notifier, metrics, logger));
            });
        }
    }

    private static IEnumerable<Uri> SafeWebhookUrls(NotifierOptions options) =>
        (options.WebhookUrls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>();
}
