using System.Net;
using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Slack;

/// <summary>
/// Posts one readable message per enriched alert to a Slack incoming webhook
/// (<c>NOTIFIER_SLACK_WEBHOOK_URL</c>). The URL is a secret: it appears nowhere but in the request.
/// </summary>
public sealed class SlackNotifier(Uri url, HttpClient http, TimeProvider time, FeedbackLink? feedback = null) : INotifier
{
    /// <summary>Longest <c>Retry-After</c> honoured before giving the message back to the retry policy.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

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
        using var body = JsonBody.Create(SlackMessageBuilder.Build(enriched, feedback));
        using var response = await http.PostAsync(url, body, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        // Slack names the problem in a short plain-text body (invalid_blocks, channel_not_found, …).
        var detail = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } wait)
        {
            // Wait here, with the endpoint's single slot held, so that the whole queue slows down as Slack asks.
            await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, time, cancellationToken);
        }
        throw PermanentDeliveryException.For("slack webhook", response.StatusCode, detail.Length > 100 ? detail[..100] : detail);
    }
}
