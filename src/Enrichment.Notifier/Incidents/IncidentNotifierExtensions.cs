using Enrichment.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Incidents;

/// <summary>Which targets receive <c>IncidentUpdated</c> events, and their consumers on the targets' own queues.</summary>
public static class IncidentNotifierExtensions
{
    /// <summary>
    /// The console (with <c>NOTIFIER_CONSOLE</c>), every webhook (unless <c>NOTIFIER_WEBHOOK_INCIDENTS=false</c> or
    /// <c>NOTIFIER_WEBHOOK_FORMAT=alertmanager</c>, whose receivers could not read them) and Slack
    /// (with <c>NOTIFIER_SLACK_MESSAGES=incident</c>) take incident updates. Alertmanager does not: it groups and inhibits
    /// by the <c>ai_incident</c> labels itself.
    /// </summary>
    public static IncidentNotifierOptions AddIncidentNotifiers(this IHostApplicationBuilder builder, NotifierOptions targets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(targets);
        var options = builder.AddValidatedOptions<IncidentNotifierOptions>(IncidentNotifierOptions.Section);
        var services = builder.Services;
        if (targets.Console && options.ConsoleIncidents)
        {
            services.AddSingleton<IIncidentNotifier, ConsoleIncidentNotifier>();
        }
        if (options.WebhookIncidents && !targets.WebhookAlertmanagerFormat)
        {
            foreach (var url in NotifierTargets.WebhookUrls(targets))
            {
                services.AddSingleton<IIncidentNotifier>(sp => new WebhookIncidentNotifier(url,
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookNotifier.HttpClientName)));
            }
        }
        if (options.SlackPerIncident && NotifierTargets.SlackUrl(targets) is { } slack)
        {
            services.AddSingleton<IIncidentNotifier>(sp => new SlackIncidentNotifier(slack,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookNotifier.HttpClientName), sp.GetRequiredService<TimeProvider>()));
        }
        return options;
    }

    /// <summary>Adds the incident consumers of the target whose queue this is (none for a target that takes no incidents).</summary>
    public static void AddIncidentConsumers(this IReceiveEndpointConfigurator endpoint, IBusRegistrationContext context, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        var metrics = context.GetRequiredService<IEnrichmentMetrics>();
        var logger = context.GetRequiredService<ILogger<IncidentNotifierConsumer>>();
        foreach (var notifier in context.GetServices<IIncidentNotifier>().Where(n => n.EndpointName == endpointName))
        {
            endpoint.Consumer(() => new IncidentNotifierConsumer(notifier, metrics, logger));
        }
    }
}
