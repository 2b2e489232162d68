using Enrichment.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Enrichment.Worker.Consumers;

/// <summary>
/// Every worker process consumes the same durable queue (competing consumers). A batch is up to
/// <c>WORKER_BATCH_MESSAGES</c> ingest messages; prefetch and the endpoint's concurrency are sized to fill
/// <c>BatchMessages × Concurrency</c>, otherwise batches would only ever close on the time limit.
/// </summary>
public sealed class AlertRequestBatchConsumerDefinition : ConsumerDefinition<AlertRequestBatchConsumer>
{
    private readonly WorkerOptions _options;

    public AlertRequestBatchConsumerDefinition(IOptions<WorkerOptions> options)
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

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AlertRequestBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // In-memory retries only: Debian's RabbitMQ has no delayed-message plugin for delayed redelivery.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(_options.BatchMessages)
            .SetTimeLimit(_options.BatchTimeout)
            .SetConcurrencyLimit(_options.Concurrency));
    }
}
