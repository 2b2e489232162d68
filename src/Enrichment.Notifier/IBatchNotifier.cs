using Enrichment.Contracts;

namespace Enrichment.Notifier;

/// <summary>
/// A target that takes many events in one request (Alertmanager's <c>/api/v2/alerts</c> takes an
/// array). Its endpoint collects batches; a batch is delivered, or retried, as a whole, except for
/// single events the target refuses while it takes the rest (see <see cref="RejectedEvent"/>).
/// </summary>
public interface IBatchNotifier : INotifier
{
    /// <summary>The most events sent in one request.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// Delivers the events. Throws when the batch must be retried as a whole (or, for a permanent refusal of the
    /// whole request, moved to the error queue as a whole): a batching target must take a re-sent event without
    /// harm. Returns the events the target refused for good while it took the others: only those go to the
    /// error queue.
    /// </summary>
    Task<IReadOnlyList<RejectedEvent>> NotifyBatchAsync(IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken);
}
