using Enrichment.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Enrichment.Worker.Consumers;

/// <summary>
/// Every worker process consumes the same durable queue (competing consumers). Prefetch and the
/// endpoint's concurrency are sized to fill <c>BatchMessages × Concurrency</c>; otherwise batches would
/// only ever close on the time limit. Both consumers of the queue (per-request and legacy per-alert
/// messages) share this shape.
/// </summary>
public abstract class AlertQueueConsumerDefinition<TConsumer, TMessage> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<Batch<TMessage>>
    where TMessage : class
{
    private readonly WorkerOptions _options;

    protected AlertQueueConsumerDefinition(IOptions<WorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = MessagingTopology.AlertsQueue;
        var inFlight = _options.BatchMessages * _options.Concurrency;
        Endpoint(e =>
        {
            e.PrefetchCount = inFlight;
            e.ConcurrentMessageLimit = inFlight;
        });
    }

    /// <summary>Whether this definition adds the queue's retry policy (exactly one of them must).</summary>
    protected abstract bool ConfiguresEndpointRetry { get; }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (ConfiguresEndpointRetry)
        {
            // In-memory retries only: Debian's RabbitMQ has no delayed-message plugin for delayed redelivery. Endpoint-wide
            // (every message type of the queue), so only one of the queue's definitions adds it.
            endpointConfigurator.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
        }
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(_options.BatchMessages)
            .SetTimeLimit(_options.BatchTimeout)
            .SetConcurrencyLimit(_options.Concurrency));
    }
}
