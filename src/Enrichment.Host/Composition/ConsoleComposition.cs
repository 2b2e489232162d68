using Enrichment.Contracts;
using Enrichment.Notifier;
using Enrichment.WebConsole.State;

namespace Enrichment.Host.Composition;

/// <summary>What the console needs from the host: the queues worth watching on this deployment.</summary>
internal static class ConsoleComposition
{
    /// <summary>
    /// The workers' queue and its error queue, and — when this gateway is given the notifiers' <c>NOTIFIER_*</c> settings, as
    /// the Helm chart and the Compose file do — each target's queue and error queue.
    /// </summary>
    public static void AddConsoleComposition(this IHostApplicationBuilder builder, MessagingOptions messaging)
    {
        if (!messaging.UsesRabbitMq)
        {
            return;
        }
        var targets = builder.Configuration.GetSection(NotifierOptions.Section).Get<NotifierOptions>() ?? new NotifierOptions();
        var queues = new List<string> { MessagingTopology.AlertsQueue };
        queues.AddRange(NotifierTargets.QueueNames(targets));
        builder.Services.AddSingleton(new WatchedQueues([.. queues.SelectMany(q => new[] { q, q + "_error" })]));
    }
}
