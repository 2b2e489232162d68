using Enrichment.Notifier.Console;
using Enrichment.Notifier.Slack;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Incidents;

/// <summary>
/// The targets that take <c>IncidentUpdated</c> events and their queues (each target's own queue): one source for the
/// notifier role, which consumes them, and the worker role, which binds them to the event before it publishes.
/// </summary>
public static class IncidentNotifierTargets
{
    public static IReadOnlyList<string> QueueNames(NotifierOptions targets, IncidentNotifierOptions incidents)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(incidents);
        var names = new List<string>();
        if (targets.Console && incidents.ConsoleIncidents)
        {
            names.Add(ConsoleNotifier.QueueName);
        }
        // Alertmanager-shaped webhooks take no incident updates (see IncidentNotifierExtensions): nothing is bound for them.
        if (incidents.WebhookIncidents && !targets.WebhookAlertmanagerFormat)
        {
            names.AddRange(NotifierTargets.WebhookUrls(targets).Select(WebhookNotifier.QueueNameFor));
        }
        if (incidents.SlackPerIncident && NotifierTargets.SlackUrl(targets) is { } slack)
        {
            names.Add(SlackNotifier.QueueNameFor(slack));
        }
        return names;
    }
}
