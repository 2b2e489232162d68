using Enrichment.Contracts;
using Microsoft.Extensions.Options;

namespace Enrichment.Worker.Consumers;

/// <summary>The legacy per-alert consumer: a batch is up to <c>WORKER_BATCH_MESSAGES</c> alerts (it only drains what an older gateway queued).</summary>
public sealed class AlertBatchConsumerDefinition(IOptions<WorkerOptions> options)
    : AlertQueueConsumerDefinition<AlertBatchConsumer, AlertReceived>(options)
{
    protected override bool ConfiguresEndpointRetry => false;
}
