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

    /// <summary>
    /// Copies per second at most, per worker: more than people can read, and a storm's copies cost as much as its events
    /// (serialised again by the worker, carried by RabbitMQ, read and serialised again by every gateway). Beyond it the
    /// console shows a sample of the storm; what was delivered is unchanged.
    /// </summary>
    public const int MaxCopiesPerSecond = 200;

    private readonly Lock _budgetGate = new();
    private long _second;
    private int _copiedThisSecond;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context?.Message is AlertsEnriched enriched)
        {
            var take = Budget(enriched.Events.Count);
            // The latest of the slice: the console shows what is happening now.
            for (var i = enriched.Events.Count - take; i < enriched.Events.Count; i++)
            {
                _copies.Writer.TryWrite(enriched.Events[i]);
            }
        }
        return Task.CompletedTask;
    }

    private int Budget(int wanted)
    {
        var second = Environment.TickCount64 / 1000;
        lock (_budgetGate)
        {
            if (second != _second)
            {
                _second = second;
                _copiedThisSecond = 0;
            }
            var take = Math.Min(wanted, MaxCopiesPerSecond - _copiedThisSecond);
            _copiedThisSecond += take;
            return take;
        }
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
