using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Alertmanager;
using Enrichment.Notifier.Console;
using Enrichment.Notifier.Consumers;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Incidents;
using Enrichment.Notifier.Slack;
using Enrichment.Notifier.Webhook;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Notifier;

/// <summary>The notifier role: one receive endpoint per configured target.</summary>
public static class NotifierExtensions
{
    public static IHostApplicationBuilder AddNotifierRole(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Validated now: only well-formed target URLs reach the registrations below.
        var configured = builder.AddValidatedOptions<NotifierOptions>(NotifierOptions.Section);
        // FEEDBACK_URL: where the correction command in Slack messages and Alertmanager annotations posts.
        var feedback = new FeedbackLink(builder.AddValidatedOptions<FeedbackOptions>(FeedbackOptions.Section).Url);
        var services = builder.Services;
        var incidents = builder.AddIncidentNotifiers(configured);
        services.AddHttpClient(WebhookNotifier.HttpClientName, (sp, client) =>
            client.Timeout = sp.GetRequiredService<IOptions<NotifierOptions>>().Value.Timeout);
        services.TryAddSingleton(TimeProvider.System);

        if (configured.Console)
        {
            services.AddSingleton<INotifier, ConsoleNotifier>();
        }
        foreach (var url in NotifierTargets.WebhookUrls(configured))
        {
            services.AddSingleton(sp => WebhookTarget(url, configured, feedback,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookNotifier.HttpClientName)));
        }
        if (NotifierTargets.SlackUrl(configured) is { } slack)
        {
            services.AddSingleton<INotifier>(sp => new SlackNotifier(slack,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookNotifier.HttpClientName), sp.GetRequiredService<TimeProvider>(), feedback)
            {
                // One message per incident change instead (NOTIFIER_SLACK_MESSAGES=incident): alerts in an incident are not posted one by one.
                SkipAlertsInIncidents = incidents.SlackPerIncident,
            });
        }
        if (NotifierTargets.AlertmanagerUrl(configured) is { } alertmanager)
        {
            services.AddSingleton<INotifier>(sp => new AlertmanagerNotifier(alertmanager,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookNotifier.HttpClientName),
                configured.AlertmanagerResolveTimeout, configured.AlertmanagerBatchSize, sp.GetRequiredService<TimeProvider>(), feedback));
        }
        return builder;
    }

    /// <summary>
    /// One event per POST in the event format is the plain <see cref="WebhookNotifier"/> (consumed one by one, deduplicated
    /// with <c>NOTIFIER_DEDUP_WINDOW</c>); batches or the Alertmanager body make it a <see cref="IBatchNotifier"/>.
    /// </summary>
    private static INotifier WebhookTarget(Uri url, NotifierOptions options, FeedbackLink feedback, HttpClient http)
    {
        if (options.WebhookBatchSize == 1 && !options.WebhookAlertmanagerFormat)
        {
            return new WebhookNotifier(url, http, options.Concurrency);
        }
        IWebhookBody body = options.WebhookAlertmanagerFormat
            ? new AlertmanagerWebhookBody(alertPerGroup: options.WebhookBatchSize == 1, feedback)
            : new EventArrayBody();
        return new BatchingWebhookNotifier(url, http, body, options.WebhookBatchSize, options.Concurrency);
    }

    /// <summary>
    /// Two queues per target, with the same retry policy: <c>&lt;queue&gt;-batches</c> takes the workers' <c>AlertsEnriched</c>
    /// batches, and the target's own queue takes single <c>AlertEnriched</c> events (from workers of earlier releases) and
    /// <c>IncidentUpdated</c> events. Both deliver through one <see cref="TargetDelivery"/>, so the target's concurrency
    /// and deduplication hold across them.
    /// </summary>
    /// <param name="configureQueue">
    /// What the transport adds to each target's queue (RabbitMQ: its bounds, which must equal those the workers declare it with).
    /// </param>
    public static void ConfigureNotifierEndpoints(this IBusFactoryConfigurator bus, IBusRegistrationContext context,
        Action<IReceiveEndpointConfigurator>? configureQueue = null)
    {
        var options = context.GetRequiredService<IOptions<NotifierOptions>>().Value;
        var metrics = context.GetRequiredService<IEnrichmentMetrics>();
        var time = context.GetRequiredService<TimeProvider>();
        var loggers = context.GetRequiredService<ILoggerFactory>();
        foreach (var notifier in context.GetServices<INotifier>())
        {
            // One deduplicator per target: suppressing a duplicate for Slack must not suppress it for a webhook.
            var delivery = new TargetDelivery(notifier, new DeliveryDeduplicator(options.DedupWindow, time), metrics, loggers.CreateLogger<TargetDelivery>());
            // A batching target's Concurrency counts requests, each of a message's share of events; any other target's counts
            // events, which the delivery's gate bounds across messages: a few batches in flight keep that many busy.
            var batchesInFlight = notifier is IBatchNotifier ? notifier.Concurrency : BatchesInFlight;
            var batchesQueue = NotifierTargets.BatchesQueueOf(notifier.EndpointName);
            bus.ReceiveEndpoint(batchesQueue, endpoint =>
            {
                Configure(endpoint, options, configureQueue);
                endpoint.PrefetchCount = batchesInFlight * 2;
                endpoint.ConcurrentMessageLimit = batchesInFlight;
                endpoint.Consumer(() => new EnrichedEventsConsumer(delivery, batchesQueue, loggers.CreateLogger<EnrichedEventsConsumer>()));
                // Single events here are ones re-driven from this queue's error queue; bound to their exchange, the queue would
                // receive a second copy of every event a worker of an earlier release publishes.
                endpoint.ConfigureMessageTopology<AlertEnriched>(false);
                endpoint.Consumer(() => new EnrichedEventConsumer(delivery));
            });
            bus.ReceiveEndpoint(notifier.EndpointName, endpoint =>
            {
                Configure(endpoint, options, configureQueue);
                endpoint.PrefetchCount = notifier.Concurrency * 2;
                endpoint.ConcurrentMessageLimit = notifier.Concurrency;
                // IncidentUpdated events of targets that take them, on the same queue (bound to both message types).
                endpoint.AddIncidentConsumers(context, notifier.EndpointName);
                endpoint.Consumer(() => new EnrichedEventConsumer(delivery));
            });
        }
    }

    /// <summary>Batches of a target that delivers one event per call, consumed at once (each up to <c>WORKER_BATCH_SIZE</c> events).</summary>
    private const int BatchesInFlight = 4;

    private static void Configure(IReceiveEndpointConfigurator endpoint, NotifierOptions options, Action<IReceiveEndpointConfigurator>? configureQueue)
    {
        configureQueue?.Invoke(endpoint);
        if (options.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(r =>
            {
                r.Exponential(options.RetryLimit, options.RetryMinDelay, options.RetryMaxDelay, options.RetryMinDelay);
                // The target refused for good: straight to the error queue, no point in backing off.
                r.Ignore<PermanentDeliveryException>();
            });
        }
    }
}
