using System.ComponentModel.DataAnnotations;

namespace Enrichment.Worker;

/// <summary>The <c>Worker</c> section (<c>WORKER_*</c> variables): batch shape of the classification consumer.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary><c>WORKER_BATCH_SIZE</c>: alerts classified and published together at most (a larger batch is worked through in slices).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// <c>WORKER_BATCH_MESSAGES</c>: ingest messages per batch at most. Each carries one request's alerts (up to
    /// <c>GATEWAY_ALERTS_PER_MESSAGE</c>), so this, times <c>WORKER_CONCURRENCY</c>, bounds what a worker holds.
    /// </summary>
    [Range(1, 1000)]
    public int BatchMessages { get; set; } = 10;

    /// <summary><c>WORKER_BATCH_TIMEOUT</c>: how long a batch waits to fill after its first alert.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary><c>WORKER_CONCURRENCY</c>: batches processed at once by one process.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>
    /// <c>WORKER_PUBLISH_TIMEOUT</c>: how long a batch waits for the broker to confirm its events. A publish
    /// that hangs (a connection lost mid-confirm) then fails the batch, which the broker redelivers,
    /// instead of holding the endpoint's concurrency forever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
