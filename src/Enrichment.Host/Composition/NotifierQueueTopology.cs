using Enrichment.Contracts;
using Enrichment.Notifier;
using MassTransit;

namespace Enrichment.Host.Composition;

/// <summary>
/// Every configured target's queue exists before the first event is published, whatever starts first.
/// <para>
/// RabbitMQ confirms a message that no queue is bound to receive, and drops it; a target's queue used to
/// exist only once a notifier had declared it, so a notifier started after the gateway and the workers
/// (a first deploy, a newly added target) lost every event published before it. Two measures, because
/// each alone leaves a hole:
/// </para>
/// <list type="bullet">
/// <item><b>Workers declare the targets' queues</b> (each target's <c>-batches</c> queue bound to <c>AlertsEnriched</c>, with the notifiers' own
/// arguments) when they first publish, from the same <c>NOTIFIER_*</c> settings the notifiers read (the Helm
/// chart and the Compose file give them to both). Events then wait in each target's queue until its
/// notifier comes. This is what makes a <em>newly added</em> target receive everything from its first
/// deploy on: mandatory publishing alone cannot, because the other targets' queues already route every
/// event.</item>
/// <item><b><c>AlertsEnriched</c> is published mandatory</b>: a worker that knows no target at all (its
/// <c>NOTIFIER_*</c> unset) while no notifier has started gets the event returned; the publish fails, the
/// batch is retried (200 ms, 1 s, 5 s) and then moved to <c>enrichment-alerts_error</c>: bounded, visible
/// (the error-queue alert) and re-driven with one command once a notifier runs — never silently dropped.
/// Only <c>AlertsEnriched</c>: MassTransit's own <c>Fault</c> events have no subscribers by design.</item>
/// </list>
/// <para>
/// The price of declaring: a target removed from the configuration leaves a queue bound to the events that
/// nothing reads. Every target queue therefore carries <c>x-expires</c> (<c>NOTIFIER_QUEUE_EXPIRY</c>, 7 days
/// by default): RabbitMQ deletes it once no consumer has read it and nobody has declared it for that long.
/// A live target's queue is declared again by every worker and notifier that starts, so only a target that
/// is gone loses its queue. <c>x-max-length</c> with a dead-letter queue was the alternative; it bounds a
/// queue of a removed target only by moving its growth to the dead-letter queue, and would drop the oldest
/// events of a live target that is merely down.
/// </para>
/// </summary>
internal static class NotifierQueueTopology
{
    /// <summary>
    /// The queue arguments of a target's queue. Applied by workers and notifiers alike, through the same MassTransit
    /// setter, because RabbitMQ refuses a second declaration with different arguments (PRECONDITION_FAILED).
    /// </summary>
    public static void Bound(IRabbitMqQueueConfigurator queue, TimeSpan expiry)
    {
        if (expiry > TimeSpan.Zero)
        {
            queue.QueueExpiration = expiry;
        }
    }

    /// <summary>
    /// Declares each target's batches queue and binds it to the <c>AlertsEnriched</c> exchange, on the first publish of events.
    /// The target's own queue (single events, incident updates) is not bound to <c>AlertsEnriched</c>: a notifier of an
    /// earlier release reading it would find messages it has no consumer for.
    /// </summary>
    public static void DeclareTargetQueues(IRabbitMqBusFactoryConfigurator bus, IReadOnlyList<string> queues, TimeSpan expiry)
    {
        bus.Publish<AlertsEnriched>(events =>
        {
            foreach (var queue in queues)
            {
                // Bound directly to the message exchange; a notifier adds its own route through an exchange named after the
                // queue. RabbitMQ delivers one copy per queue however many routes lead to it.
                events.BindQueue(events.Exchange.ExchangeName, NotifierTargets.BatchesQueueOf(queue), binding => Bound(binding, expiry));
            }
        });
    }

    /// <summary>
    /// Binds the queues of the targets that take incident updates to the <c>IncidentUpdated</c> exchange too, for the same
    /// reason. Not mandatory: an update no target wants (only an Alertmanager target, say) is rightly dropped.
    /// </summary>
    public static void DeclareIncidentTargetQueues(IRabbitMqBusFactoryConfigurator bus, IReadOnlyList<string> queues, TimeSpan expiry)
    {
        bus.Publish<IncidentUpdated>(updates =>
        {
            foreach (var queue in queues)
            {
                updates.BindQueue(updates.Exchange.ExchangeName, queue, binding => Bound(binding, expiry));
            }
        });
    }

    /// <summary>Events no queue is bound to receive are returned, and their publish fails, instead of being confirmed and dropped.</summary>
    public static void PublishEventsMandatory(IRabbitMqBusFactoryConfigurator bus)
    {
        bus.ConfigurePublish(publish => publish.UseExecute(context =>
        {
            if (context is PublishContext<AlertsEnriched> && context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
        }));
    }
}
