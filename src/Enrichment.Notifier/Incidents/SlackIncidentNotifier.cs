using Enrichment.Contracts;
using Enrichment.Notifier.Slack;

namespace Enrichment.Notifier.Incidents;

/// <summary>
/// Posts one Slack message per incident update (<c>NOTIFIER_SLACK_MESSAGES=incident</c>, the default): a storm of forty
/// alerts is one message when it opens and one per later change, not forty. Shares the Slack target's queue, whose single
/// slot keeps to Slack's rate.
/// </summary>
public sealed class SlackIncidentNotifier(Uri url, HttpClient http, TimeProvider time) : IIncidentNotifier
{
    public string Kind => "slack";

    public string EndpointName { get; } = SlackNotifier.QueueNameFor(url);

    public async Task NotifyAsync(IncidentUpdated update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await SlackWebhook.PostAsync(http, url, SlackIncidentMessageBuilder.Build(update), time, cancellationToken);
    }
}
