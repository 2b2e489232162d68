using Enrichment.Notifier.Alertmanager;
using Enrichment.Notifier.Console;
using Enrichment.Notifier.Slack;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier;

/// <summary>
/// The delivery targets that the <c>NOTIFIER_*</c> settings configure, and the name of each one's queue.
/// One source for the notifier role, which consumes the queues, and for the worker role, which declares
/// them before it publishes (see <c>NotifierQueueTopology</c> in the host): both must agree on every name.
/// </summary>
public static class NotifierTargets
{
    /// <summary>The queue of every configured target, in a stable order.</summary>
    public static IReadOnlyList<string> QueueNames(NotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = new List<string>();
        if (options.Console)
        {
            names.Add(ConsoleNotifier.QueueName);
        }
        names.AddRange(WebhookUrls(options).Select(WebhookNotifier.QueueNameFor));
        if (SlackUrl(options) is { } slack)
        {
            names.Add(SlackNotifier.QueueNameFor(slack));
        }
        if (AlertmanagerUrl(options) is { } alertmanager)
        {
            names.Add(AlertmanagerNotifier.QueueNameFor(alertmanager));
        }
        return names;
    }

    /// <summary>
    /// The queue a target reads <c>AlertsEnriched</c> batches from, beside its own queue (<paramref name="targetQueue"/>), which
    /// keeps single events and incident updates. A new name rather than the old queue, so that a notifier of an earlier
    /// release, which knows only single events, never meets a batch during a rolling upgrade.
    /// </summary>
    public static string BatchesQueueOf(string targetQueue) => targetQueue + "-batches";

    /// <summary>Only well-formed URLs: validation at start reports the malformed ones by name.</summary>
    public static IEnumerable<Uri> WebhookUrls(NotifierOptions options) =>
        (options?.WebhookUrls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>();

    public static Uri? SlackUrl(NotifierOptions options) =>
        Uri.TryCreate(options?.SlackWebhookUrl, UriKind.Absolute, out var url) ? url : null;

    public static Uri? AlertmanagerUrl(NotifierOptions options) =>
        Uri.TryCreate(options?.AlertmanagerUrl, UriKind.Absolute, out var url) ? url : null;
}
