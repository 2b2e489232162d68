using System.Net;
using System.Net.Http.Headers;
using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Slack;

namespace Enrichment.Notifier.Incidents;

/// <summary>
/// Posts one Slack message per incident update (<c>NOTIFIER_SLACK_MESSAGES=incident</c>, the default): a storm of forty
/// alerts is one message when it opens and one per later change, not forty. Shares the Slack target's queue, whose single
/// slot keeps to Slack's rate.
/// </summary>
public sealed class SlackIncidentNotifier(Uri url, HttpClient http, TimeProvider time) : IIncidentNotifier
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public string Kind => "slack";

    public string EndpointName { get; } = SlackNotifier.QueueNameFor(url);

    public async Task NotifyAsync(IncidentUpdated update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        using var content = new StringContent(SlackIncidentMessageBuilder.Build(update).ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(url, content, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var detail = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } wait)
        {
            await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, time, cancellationToken);
        }
        throw PermanentDeliveryException.For("slack webhook", response.StatusCode, detail.Length > 100 ? detail[..100] : detail);
    }
}
