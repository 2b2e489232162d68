using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Slack;

/// <summary>
/// Posts one readable message per enriched alert to a Slack incoming webhook
/// (<c>NOTIFIER_SLACK_WEBHOOK_URL</c>). The URL is a secret: it appears nowhere but in the request.
/// </summary>
public sealed class SlackNotifier(Uri url, HttpClient http, TimeProvider time, FeedbackLink? feedback = null) : INotifier
{
    public string Kind => "slack";

    public string EndpointName { get; } = QueueNameFor(url);

    /// <summary>Named by a digest of the URL, which is itself the secret.</summary>
    public static string QueueNameFor(Uri url) => "enrichment-notify-slack-" + WebhookNotifier.Digest(url?.ToString() ?? throw new ArgumentNullException(nameof(url)));

    /// <summary>One at a time: incoming webhooks allow about one message per second and answer bursts with 429.</summary>
    public int Concurrency => 1;

    /// <summary>Alerts that belong to an incident are not posted: their incident's updates are (<c>NOTIFIER_SLACK_MESSAGES=incident</c>).</summary>
    public bool SkipAlertsInIncidents { get; init; }

    public async Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        if (SkipAlertsInIncidents && enriched.Incident is not null)
        {
            return;
        }
        await SlackWebhook.PostAsync(http, url, SlackMessageBuilder.Build(enriched, feedback), time, cancellationToken);
    }
}
