using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Feedback;
using Enrichment.Core.Modes;

namespace Enrichment.Notifier.Webhook;

/// <summary>
/// Builds Alertmanager's webhook body (version 4) for a batch of enriched events, so that a receiver written for
/// Alertmanager's webhook takes enriched alerts unchanged. Each alert carries the labels and annotations its mode
/// shows (<see cref="ModePresentation"/>, the same as the Alertmanager notifier re-posts). What Alertmanager derives
/// from its routing tree, which this service does not have, is chosen so that it means what it means there:
/// <list type="bullet">
/// <item><c>receiver</c>: <c>enrichment</c>.</item>
/// <item><c>status</c>: <c>firing</c> when any alert of the body fires, else <c>resolved</c> (Alertmanager's rule).</item>
/// <item><c>commonLabels</c>, <c>commonAnnotations</c>: the pairs every alert of the body shares, computed as
/// Alertmanager computes them (over the labels as sent, <c>ai_*</c> included).</item>
/// <item>With one event per body (<c>NOTIFIER_WEBHOOK_BATCH_SIZE=1</c>) each alert is its own group, as under a route with
/// <c>group_by: ['...']</c>: <c>groupLabels</c> are the source alert's own labels and <c>groupKey</c> is
/// <c>{}:{name="value", …}</c> over them, exactly Alertmanager's text for such a group. It stays the same from firing to
/// resolved and across mode switches, so receivers that open and close tickets by <c>groupKey</c> work.</item>
/// <item>With batches, a body is a slice of whatever alerts arrived together, as under a route without
/// <c>group_by</c>: <c>groupLabels</c> is <c>{}</c> and <c>groupKey</c> is <c>{}:{}</c>. Receivers should then key on
/// each alert's <c>fingerprint</c> and <c>status</c>.</item>
/// <item><c>externalURL</c>: empty. It is the sending Alertmanager's own address, for links into its UI; the service
/// has no such UI, and a made-up address would only give broken links.</item>
/// <item><c>fingerprint</c>: the source alert's (the event's <c>alert.fingerprint</c>), not a hash of the enriched
/// labels: it equals Alertmanager's in <c>transparent</c> mode, stays the same across mode switches, and is the key the
/// incidents API and the <c>ai_feedback</c> command use.</item>
/// <item><c>endsAt</c>: Go's zero time while firing, as Alertmanager sends it; <c>truncatedAlerts</c>: 0.</item>
/// </list>
/// </summary>
public static class AlertmanagerWebhookMapper
{
    public const string Receiver = "enrichment";

    /// <summary>Alertmanager's key of its root route; a group's key is the route key, a colon and the group's labels.</summary>
    private const string RootRouteKey = "{}";

    private static readonly DateTimeOffset GoZeroTime = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="alertPerGroup">True with one event per body: each alert is its own group (see the class summary).</param>
    public static AlertmanagerWebhookMessage Map(IReadOnlyList<AlertEnriched> events, bool alertPerGroup, FeedbackLink? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("a webhook body carries at least one alert", nameof(events));
        }
        var alerts = events.Select(e => MapAlert(e, feedback)).ToList();
        var groupLabels = alertPerGroup && events.Count == 1 ? Sorted(events[0].Alert.Labels) : Sorted(new Dictionary<string, string>());
        return new AlertmanagerWebhookMessage
        {
            Receiver = Receiver,
            Status = alerts.Any(a => a.Status == AlertStatus.Firing) ? AlertStatus.Firing : AlertStatus.Resolved,
            Alerts = alerts,
            GroupLabels = groupLabels,
            CommonLabels = Common(alerts.Select(a => a.Labels)),
            CommonAnnotations = Common(alerts.Select(a => a.Annotations)),
            ExternalUrl = "",
            GroupKey = RootRouteKey + ":" + GoLabelSet.Format(groupLabels),
        };
    }

    public static AlertmanagerWebhookAlert MapAlert(AlertEnriched enriched, FeedbackLink? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        var alert = enriched.Alert;
        var shown = ModePresentation.Present(enriched, feedback);
        var firing = alert.Status != AlertStatus.Resolved;
        return new AlertmanagerWebhookAlert
        {
            Status = firing ? AlertStatus.Firing : AlertStatus.Resolved,
            Labels = Sorted(shown.Labels),
            Annotations = Sorted(shown.Annotations),
            // The gateway sets a missing startsAt to the receive time; the fallback only covers events of older producers.
            StartsAt = AlertTime.IsSet(alert.StartsAt) ? alert.StartsAt.Value : enriched.ReceivedAt,
            EndsAt = firing ? GoZeroTime : AlertTime.IsSet(alert.EndsAt) ? alert.EndsAt.Value : enriched.EnrichedAt,
            GeneratorUrl = alert.GeneratorUrl ?? "",
            Fingerprint = alert.Fingerprint,
        };
    }

    /// <summary>
    /// Alertmanager's <c>template.Data</c>: start from the first alert's pairs and drop each one another alert does not
    /// have with the same value (a missing name reads as the empty value, as a Go map lookup does).
    /// </summary>
    private static SortedDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> maps)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var map in maps)
        {
            if (common is null)
            {
                common = Sorted(map);
                continue;
            }
            foreach (var (name, value) in common.ToList())
            {
                if ((map.TryGetValue(name, out var other) ? other : "") != value)
                {
                    common.Remove(name);
                }
            }
        }
        return common ?? Sorted(new Dictionary<string, string>());
    }

    /// <summary>Sorted by name, as Go's encoder writes a map: the same alerts give byte-identical bodies.</summary>
    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map) =>
        new(map.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}
