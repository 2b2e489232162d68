using System.ComponentModel.DataAnnotations;
using Enrichment.ServiceDefaults.Security;

namespace Enrichment.Notifier;

/// <summary>The <c>Notifier</c> section (<c>NOTIFIER_*</c> variables).</summary>
public sealed class NotifierOptions : IValidatableObject
{
    public const string Section = "Notifier";

    /// <summary>
    /// <c>NOTIFIER_CONSOLE</c>. Off unless set, except in the embedded mode (every role in one process on the in-memory
    /// transport), whose composition makes <c>true</c> the default: there stdout is the obvious place to look.
    /// </summary>
    public bool Console { get; set; }

    /// <summary><c>NOTIFIER_WEBHOOK_URLS</c>: comma-separated; each receives every enriched event as a JSON POST.</summary>
    public string? WebhookUrls { get; set; }

    /// <summary>
    /// <c>NOTIFIER_WEBHOOK_BATCH_SIZE</c>: events per webhook POST. Above 1 the body is a JSON array (or, with the
    /// <c>alertmanager</c> format, one body with that many alerts); a batch goes out when full or 200 ms after its first event.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "NOTIFIER_WEBHOOK_BATCH_SIZE must be between 1 and 1000.")]
    public int WebhookBatchSize { get; set; } = 1;

    /// <summary>
    /// <c>NOTIFIER_WEBHOOK_FORMAT</c>: <c>event</c> (the enriched event JSON) or <c>alertmanager</c> (Alertmanager's webhook
    /// body, version 4, with the enriched alerts). Webhooks in the <c>alertmanager</c> format take no <c>IncidentUpdated</c>
    /// events: a receiver built for Alertmanager could not read them, and the alerts carry their incident as labels.
    /// </summary>
    public string WebhookFormat { get; set; } = Webhook.WebhookFormats.Event;

    /// <summary>Whether webhooks get Alertmanager's webhook body rather than the enriched event JSON.</summary>
    public bool WebhookAlertmanagerFormat => Webhook.WebhookFormats.Is(WebhookFormat, Webhook.WebhookFormats.Alertmanager);

    /// <summary><c>NOTIFIER_ALERTMANAGER_URL</c>: an Alertmanager base URL; enriched alerts are re-posted to its <c>/api/v2/alerts</c>.</summary>
    public string? AlertmanagerUrl { get; set; }

    /// <summary>
    /// <c>NOTIFIER_ALERTMANAGER_RESOLVE_TIMEOUT</c>: how long a firing alert re-posted without an <c>endsAt</c> of its own
    /// (an Alertmanager webhook's) stays firing downstream unless the source sends it again. Keep it well above the
    /// source's <c>repeat_interval</c> for the route to the gateway.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan AlertmanagerResolveTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>NOTIFIER_ALERTMANAGER_BATCH_SIZE</c>: alerts per request to <c>/api/v2/alerts</c>.</summary>
    [Range(1, 1000)]
    public int AlertmanagerBatchSize { get; set; } = 64;

    /// <summary><c>NOTIFIER_SLACK_WEBHOOK_URL</c>.</summary>
    public string? SlackWebhookUrl { get; set; }

    /// <summary>
    /// <c>NOTIFIER_DEDUP_WINDOW</c>: suppress re-delivery of the same alert (fingerprint, status and mode) to a target
    /// within this window, per notifier process. <c>0s</c> (the default) delivers every event, as the contract promises
    /// webhooks. Not applied to the Alertmanager notifier, whose re-posts keep alerts firing downstream.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DedupWindow { get; set; } = TimeSpan.Zero;

    /// <summary><c>NOTIFIER_RETRY_LIMIT</c>: attempts after the first before an event goes to the target's error queue.</summary>
    [Range(0, 100)]
    public int RetryLimit { get; set; } = 5;

    /// <summary><c>NOTIFIER_RETRY_MIN_DELAY</c>: first backoff; doubles up to the maximum.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>NOTIFIER_RETRY_MAX_DELAY</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>NOTIFIER_TIMEOUT</c>: per HTTP delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>NOTIFIER_CONCURRENCY</c>: deliveries in flight per HTTP target.</summary>
    [Range(1, 512)]
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// <c>NOTIFIER_QUEUE_EXPIRY</c>: a target's queue that no notifier has consumed and no process has declared for this
    /// long is deleted by RabbitMQ, with what it holds (the queue argument <c>x-expires</c>). It bounds the queue of a
    /// target that was removed or renamed, which nothing will ever read; a live target's queue is declared again by
    /// every worker and notifier that starts, so only a target gone for this long loses it. <c>0</c> keeps queues
    /// forever. The same value on every role: RabbitMQ refuses to declare one queue with two different arguments.
    /// </summary>
    public TimeSpan QueueExpiry { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var url in (WebhookUrls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsHttpUrl(url))
            {
                yield return new ValidationResult($"NOTIFIER_WEBHOOK_URLS: '{UrlRedaction.Redact(url)}' is not an http(s) URL.", [nameof(WebhookUrls)]);
            }
        }
        if (!Webhook.WebhookFormats.IsKnown(WebhookFormat))
        {
            yield return new ValidationResult(
                $"NOTIFIER_WEBHOOK_FORMAT must be '{Webhook.WebhookFormats.Event}' or '{Webhook.WebhookFormats.Alertmanager}'.", [nameof(WebhookFormat)]);
        }
        if (!string.IsNullOrWhiteSpace(AlertmanagerUrl) && !IsHttpUrl(AlertmanagerUrl))
        {
            yield return new ValidationResult("NOTIFIER_ALERTMANAGER_URL is not an http(s) URL.", [nameof(AlertmanagerUrl)]);
        }
        if (!string.IsNullOrWhiteSpace(SlackWebhookUrl) && !IsHttpUrl(SlackWebhookUrl))
        {
            yield return new ValidationResult("NOTIFIER_SLACK_WEBHOOK_URL is not an http(s) URL.", [nameof(SlackWebhookUrl)]);
        }
        // Below a second a queue would vanish between a notifier's restarts; beyond a year it is no bound at all.
        if (QueueExpiry != TimeSpan.Zero && (QueueExpiry < TimeSpan.FromSeconds(1) || QueueExpiry > TimeSpan.FromDays(365)))
        {
            yield return new ValidationResult("NOTIFIER_QUEUE_EXPIRY must be 0 (never) or between 1s and 365d.", [nameof(QueueExpiry)]);
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
