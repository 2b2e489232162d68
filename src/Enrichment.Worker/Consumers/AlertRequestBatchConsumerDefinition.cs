using Enrichment.Contracts;
using Microsoft.Extensions.Options;

namespace Enrichment.Worker.Consumers;

/// <summary>The per-request consumer: a batch is up to <c>WORKER_BATCH_MESSAGES</c> ingest messages.</summary>
public sealed class AlertRequestBatchConsumerDefinition(IOptions<WorkerOptions> options)
    : AlertQueueConsumerDefinition<AlertRequestBatchConsumer, AlertsReceived>(options)
{
    protected override bool ConfiguresEndpointRetry => true;
}
