using Enrichment.Contracts;

namespace Enrichment.Notifier;

/// <summary>
/// A target that takes many events in one request (Alertmanager's <c>/api/v2/alerts</c> takes an
/// array). Its endpoint collects batches; a batch is delivered, or retried, as a whole.
/// </summary>
public interface IBatchNotifier : INotifier
{
    /// <summary>The most events sent in one request.</summary>
    int MaxBatchSize { get; }

    /// <summary>Delivers the events in one request; throws when the target did not take them.</summary>
    Task NotifyBatchAsync(IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken);
}
