namespace Enrichment.Core.Classification.Caching;

/// <summary>
/// Short leases on cache keys, shared by every worker process (Redis), so that one process asks the model about a
/// signature while the others wait for its answer in L2 (<see cref="ISharedClassificationCache"/>). Bulk by design:
/// a batch claims, renews, releases and polls all its keys in one round trip each. Failures are thrown; the caller
/// then asks the model as it would without leases. Without shared storage (embedded mode) there is none to register:
/// the in-process <see cref="SingleFlight"/> is the whole story there.
/// </summary>
public interface ISignatureLeases
{
    /// <summary>How long a lease lives unless its holder renews it; a dead holder's lease is free again after this.</summary>
    TimeSpan Ttl { get; }

    /// <summary>How often a waiter looks for the holder's answer.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>
    /// For each key at once: its answer when one is in L2 already, else a lease for this claim when nobody holds one,
    /// else noted as held elsewhere.
    /// </summary>
    ValueTask<LeaseClaim> ClaimAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Gives the leases of <paramref name="token"/> among <paramref name="keys"/> a fresh <see cref="Ttl"/>; others' leases are left alone.</summary>
    ValueTask RenewAsync(string token, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Ends the leases of <paramref name="token"/> among <paramref name="keys"/>; a lease that expired and was taken by another is left alone.</summary>
    ValueTask ReleaseAsync(string token, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>For keys held elsewhere: those answered in L2 since, and those whose lease is gone without an answer.</summary>
    ValueTask<LeasePoll> PollAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}

/// <summary>What one claim got: the keys it holds (under <see cref="Token"/>), those another process holds, and those already answered.</summary>
public sealed record LeaseClaim(
    string Token,
    IReadOnlyList<string> Owned,
    IReadOnlyList<string> HeldElsewhere,
    IReadOnlyDictionary<string, AlertClassification> Answered);

/// <summary>One look at keys held elsewhere: answers that appeared in L2, and keys whose lease ended without one.</summary>
public sealed record LeasePoll(IReadOnlyDictionary<string, AlertClassification> Answered, IReadOnlyList<string> Released);
