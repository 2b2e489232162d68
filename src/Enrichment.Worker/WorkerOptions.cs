using System.ComponentModel.DataAnnotations;

namespace Enrichment.Worker;

/// <summary>The <c>Worker</c> section (<c>WORKER_*</c> variables): batch shape of the classification consumer.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary><c>WORKER_BATCH_SIZE</c>: alerts per batch at most.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary><c>WORKER_BATCH_TIMEOUT</c>: how long a batch waits to fill after its first alert.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary><c>WORKER_CONCURRENCY</c>: batches processed at once by one process.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;
}
