using System.Net;
using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;
using MassTransit;

namespace Enrichment.Notifier.Consumers;

/// <summary>
/// A single event: published by a worker of an earlier release (on the target's own queue), or re-driven from an error
/// queue. Delivered like a batch of one; a refusal for good throws <see cref="PermanentDeliveryException"/>, which the
/// retry policy sends straight to the error queue with the message's identity.
/// </summary>
public sealed class EnrichedEventConsumer(TargetDelivery delivery) : IConsumer<AlertEnriched>
{
    public async Task Consume(ConsumeContext<AlertEnriched> context)
    {
        var rejected = await delivery.DeliverAsync(context.Message, [context.Message], context.CancellationToken);
        if (rejected.Count > 0)
        {
            throw new PermanentDeliveryException(rejected[0].Reason, HttpStatusCode.BadRequest);
        }
    }
}
