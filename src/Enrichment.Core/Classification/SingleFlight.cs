using System.Collections.Concurrent;

namespace Enrichment.Core.Classification;

/// <summary>
/// Signatures some batch of this process is resolving right now. A batch that meets a signature
/// already in flight waits for that batch's answer instead of asking the model again, so concurrent
/// batches of one storm cost one call per signature.
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ClassifierAnswer>> _flights = new(StringComparer.Ordinal);

    /// <summary>Signatures in flight right now (for tests and diagnostics).</summary>
    public int Count => _flights.Count;

    /// <summary>
    /// Claims every key nobody is resolving yet; the others are joined. The caller must
    /// <see cref="Claim.Complete"/> what it owns (disposing completes the rest as failed) before
    /// awaiting what it joined: two batches each waiting on the other would otherwise deadlock.
    /// </summary>
    public Claim Join(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var owned = new Dictionary<string, TaskCompletionSource<ClassifierAnswer>>(StringComparer.Ordinal);
        var joined = new Dictionary<string, Task<ClassifierAnswer>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var mine = new TaskCompletionSource<ClassifierAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            var flight = _flights.GetOrAdd(key, mine);
            if (ReferenceEquals(flight, mine))
            {
                owned[key] = mine;
            }
            else
            {
                joined[key] = flight.Task;
            }
        }
        return new Claim(this, owned, joined);
    }

    /// <summary>One batch's share of the flights: the keys it resolves and the keys it waits for.</summary>
    public sealed class Claim : IDisposable
    {
        private readonly SingleFlight _owner;
        private readonly Dictionary<string, TaskCompletionSource<ClassifierAnswer>> _owned;

        internal Claim(SingleFlight owner, Dictionary<string, TaskCompletionSource<ClassifierAnswer>> owned, Dictionary<string, Task<ClassifierAnswer>> joined)
        {
            _owner = owner;
            _owned = owned;
            Joined = joined;
        }

        /// <summary>Keys this batch resolves itself.</summary>
        public IReadOnlyCollection<string> Owned => _owned.Keys;

        /// <summary>Keys another batch is resolving, with the answer to come.</summary>
        public IReadOnlyDictionary<string, Task<ClassifierAnswer>> Joined { get; }

        /// <summary>Hands the answer to every batch waiting for <paramref name="key"/> and ends its flight.</summary>
        public void Complete(string key, ClassifierAnswer answer)
        {
            if (_owned.Remove(key, out var flight))
            {
                _owner._flights.TryRemove(new KeyValuePair<string, TaskCompletionSource<ClassifierAnswer>>(key, flight));
                flight.TrySetResult(answer);
            }
        }

        /// <summary>Whatever this batch did not complete (it failed or was cancelled) ends as an error, so nobody waits forever.</summary>
        public void Dispose()
        {
            foreach (var key in _owned.Keys.ToList())
            {
                Complete(key, ClassifierAnswer.Failed(DegradedReason.Error));
            }
        }
    }
}
