using System.Runtime.CompilerServices;
using Enrichment.Contracts;
using Enrichment.Core;
using Microsoft.Extensions.Logging;

namespace Enrichment.Notifier.Delivery;

/// <summary>
/// Delivers events to one target, however they came off the bus (a worker's batch or a single event), and counts each
/// event in <c>enrichment_notifications_total</c>.
/// <list type="bullet">
/// <item>A target that takes arrays (<see cref="IBatchNotifier"/>) gets them in requests of at most its
/// <see cref="IBatchNotifier.MaxBatchSize"/>.</item>
/// <item>Any other target gets one event per call, up to its <see cref="INotifier.Concurrency"/> at once across all the
/// messages being consumed (one gate per target).</item>
/// </list>
/// Each event is first checked against the target's deduplicator (<c>NOTIFIER_DEDUP_WINDOW</c>) unless the target opts out.
/// Events the target refuses for good come back as <see cref="RejectedEvent"/>s (the consumer moves them to the error
/// queue on their own). Any other failure throws, so the message is retried as a whole: what a previous attempt of the
/// same message delivered is remembered and not sent again, so a retry re-sends only what failed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "One per target for the bus' lifetime; a SemaphoreSlim whose wait handle is never asked for holds nothing to release.")]
public sealed class TargetDelivery
{
    private readonly INotifier _notifier;
    private readonly IBatchNotifier? _batching;
    private readonly DeliveryDeduplicator _deduplicator;
    private readonly IEnrichmentMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate;

    /// <summary>
    /// Events a message's earlier attempts delivered, by the message object. MassTransit's in-memory retry consumes the
    /// same deserialised message again, so the entry lives exactly as long as the retries of that message.
    /// </summary>
    private readonly ConditionalWeakTable<object, HashSet<int>> _delivered = [];

    public TargetDelivery(INotifier notifier, DeliveryDeduplicator deduplicator, IEnrichmentMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        _notifier = notifier;
        _batching = notifier as IBatchNotifier;
        _deduplicator = deduplicator;
        _metrics = metrics;
        _logger = logger;
        _gate = new SemaphoreSlim(Math.Max(1, notifier.Concurrency));
    }

    public INotifier Notifier => _notifier;

    /// <param name="message">The bus message the events came in: the key under which its retries remember what was delivered.</param>
    public async Task<IReadOnlyList<RejectedEvent>> DeliverAsync(object message, IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var delivered = _delivered.GetValue(message, _ => []);
        var pending = Enumerable.Range(0, events.Count).Where(i => !Contains(delivered, i)).ToList();
        var rejected = new List<RejectedEvent>();
        var failures = new List<Exception>();
        if (_batching is not null)
        {
            await InRequestsAsync(_batching, events, pending, delivered, rejected, failures, cancellationToken);
        }
        else
        {
            await OneByOneAsync(events, pending, delivered, rejected, failures, cancellationToken);
        }
        if (failures.Count > 0)
        {
            _logger.LogWarning("Notifier {Endpoint} failed for {Failed} of {Count} alerts; the rest were delivered: {Error}",
                _notifier.EndpointName, failures.Count, events.Count, failures[0].Message);
            // The first failure's own exception, so that the retry policy sees its type (a whole-request 4xx is permanent).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
        }
        _delivered.Remove(message);
        return rejected;
    }

    private async Task InRequestsAsync(IBatchNotifier target, IReadOnlyList<AlertEnriched> events, List<int> pending, HashSet<int> delivered,
        List<RejectedEvent> rejected, List<Exception> failures, CancellationToken cancellationToken)
    {
        var claimed = pending.Where(i => Claim(events[i], delivered, i)).ToList();
        for (var start = 0; start < claimed.Count && failures.Count == 0; start += target.MaxBatchSize)
        {
            var indexes = claimed.GetRange(start, Math.Min(target.MaxBatchSize, claimed.Count - start));
            try
            {
                var refused = await target.NotifyBatchAsync(indexes.Select(i => events[i]).ToList(), cancellationToken);
                var refusedIndexes = refused.Select(r => indexes[r.Index]).ToHashSet();
                rejected.AddRange(refused.Select(r => r with { Index = indexes[r.Index] }));
                Count(NotificationOutcomes.Success, indexes.Count - refused.Count);
                Count(NotificationOutcomes.Failure, refused.Count);
                foreach (var i in indexes)
                {
                    if (refusedIndexes.Contains(i)) { Unclaim(events[i]); } else { Remember(delivered, i); }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Count(NotificationOutcomes.Failure, indexes.Count);
                failures.Add(ex);
            }
        }
        // What a failed request left unsent is claimed again by the retry.
        foreach (var i in claimed.Where(i => !Contains(delivered, i)))
        {
            Unclaim(events[i]);
        }
    }

    /// <summary>False (and counted, and remembered as done) when the deduplicator says the target already had this event.</summary>
    private bool Claim(AlertEnriched enriched, HashSet<int> delivered, int index)
    {
        if (!_notifier.Deduplicated || _deduplicator.TryClaim(DeliveryDeduplicator.KeyOf(enriched)))
        {
            return true;
        }
        _metrics.Notification(_notifier.Kind, NotificationOutcomes.Suppressed);
        _logger.LogDebug("Notifier {Endpoint} suppressed a duplicate of alert {Fingerprint}", _notifier.EndpointName, enriched.Alert.Fingerprint);
        Remember(delivered, index);
        return false;
    }

    private void Unclaim(AlertEnriched enriched)
    {
        if (_notifier.Deduplicated)
        {
            _deduplicator.Release(DeliveryDeduplicator.KeyOf(enriched));
        }
    }

    private Task OneByOneAsync(IReadOnlyList<AlertEnriched> events, List<int> pending, HashSet<int> delivered,
        List<RejectedEvent> rejected, List<Exception> failures, CancellationToken cancellationToken) =>
        Task.WhenAll(pending.Select(async i =>
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var enriched = events[i];
                if (!Claim(enriched, delivered, i))
                {
                    return;
                }
                try
                {
                    await _notifier.NotifyAsync(enriched, cancellationToken);
                    _metrics.Notification(_notifier.Kind, NotificationOutcomes.Success);
                    Remember(delivered, i);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Unclaim(enriched);
                    _metrics.Notification(_notifier.Kind, NotificationOutcomes.Failure);
                    lock (failures)
                    {
                        if (ex is PermanentDeliveryException && events.Count > 1)
                        {
                            // Refused for good: only this event goes to the error queue, the others are not held back.
                            rejected.Add(new RejectedEvent(i, ex.Message));
                        }
                        else
                        {
                            failures.Add(ex);
                        }
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }));

    private static bool Contains(HashSet<int> delivered, int index)
    {
        lock (delivered)
        {
            return delivered.Contains(index);
        }
    }

    private static void Remember(HashSet<int> delivered, int index)
    {
        lock (delivered)
        {
            delivered.Add(index);
        }
    }

    private void Count(string outcome, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _metrics.Notification(_notifier.Kind, outcome);
        }
    }
}
