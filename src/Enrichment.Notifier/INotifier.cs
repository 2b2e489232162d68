using Enrichment.Contracts;

namespace Enrichment.Notifier;

/// <summary>
/// One delivery target of enriched events. Each target gets its own durable queue, retries and
/// error queue, so a target that is down only ever delays itself.
/// </summary>
public interface INotifier
{
    /// <summary>The <c>notifier</c> label of <c>enrichment_notifications_total</c>: <c>console</c>, <c>webhook</c>, …</summary>
    string Kind { get; }

    /// <summary>The target's queue: stable across restarts and the same in every notifier process.</summary>
    string EndpointName { get; }

    /// <summary>Deliveries in flight at once for this target.</summary>
    int Concurrency { get; }

    /// <summary>
    /// Whether <c>NOTIFIER_DEDUP_WINDOW</c> applies to this target. Alertmanager deduplicates by itself, and needs the re-posts
    /// that keep an alert firing downstream.
    /// </summary>
    bool Deduplicated => true;

    /// <summary>Delivers one event; throws when the target did not take it (the message is then retried).</summary>
    Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken);
}
