using Enrichment.Contracts;

namespace Enrichment.Notifier.Incidents;

/// <summary>
/// A target's delivery of <see cref="IncidentUpdated"/> events. It shares the target's queue (<see cref="EndpointName"/>
/// equals the target's <see cref="INotifier.EndpointName"/>), so incident updates and alert events of one target are
/// retried, bounded and parked in one place.
/// </summary>
public interface IIncidentNotifier
{
    /// <summary>The <c>notifier</c> label of <c>enrichment_notifications_total</c>.</summary>
    string Kind { get; }

    string EndpointName { get; }

    /// <summary>Delivers one update; throws when the target did not take it (the message is then retried).</summary>
    Task NotifyAsync(IncidentUpdated update, CancellationToken cancellationToken);
}
