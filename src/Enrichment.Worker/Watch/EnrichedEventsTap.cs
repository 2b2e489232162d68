using System.Threading.Channels;
using Enrichment.Contracts;
using MassTransit;

namespace Enrichment.Worker.Watch;

/// <summary>
/// Sees every event this worker published (<see cref="AlertsEnriched"/>) once the broker confirmed it, and keeps it for
/// <see cref="EnrichedEventsTapPublisher"/>, which sends copies to whoever watches (the gateway's console).
/// <para>
/// Never in the way of delivery: a copy is taken after the event's own publish completed, the buffer is bounded and drops
/// its oldest copies when full, and nothing here can fail or slow the publish it observes.
/// </para>
/// </summary>
public sealed class EnrichedEventsTap : IPublishObserver
{
    /// <summary>Copies waiting for the publisher; a storm beyond this shows in the console as its latest events only.</summary>
    public const int Capacity = 5000;

    private readonly Channel<AlertEnriched> _copies = Channel.CreateBounded<AlertEnriched>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ChannelReader<AlertEnriched> Copies => _copies.Reader;

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context?.Message is AlertsEnriched enriched)
        {
            foreach (var one in enriched.Events)
            {
                _copies.Writer.TryWrite(one);
            }
        }
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
