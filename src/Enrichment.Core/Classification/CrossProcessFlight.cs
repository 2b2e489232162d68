using Enrichment.Core.Classification.Caching;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Classification;

/// <summary>
/// Single flight across worker processes: of the processes that miss the cache on one signature at once, the one that
/// claims its lease asks the model; the others poll L2 for its answer. The holder renews its lease every third of the
/// TTL while its call runs, so a live holder is waited for as long as its call takes (bounded by <c>LLM_TIMEOUT</c> and
/// <c>LLM_MAX_RETRIES</c>, no longer than the waiter's own call would take) and a dead one is taken over within one TTL.
/// A waiter asks itself when the lease ends without an answer in L2: the holder's answer was degraded (never cached),
/// it died, or Redis failed. Redis unreachable: everyone asks, as without leases.
/// </summary>
public sealed class CrossProcessFlight(ISignatureLeases leases, IEnrichmentMetrics metrics, ILogger logger)
{
    /// <summary>Values of <c>enrichment_llm_single_flight_total{outcome}</c>, counted per signature.</summary>
    public static class Outcomes
    {
        /// <summary>This process held the lease and asked.</summary>
        public const string Led = "led";

        /// <summary>Another process asked; its answer was read from L2.</summary>
        public const string Waited = "waited";

        /// <summary>The lease ended without an answer in L2 (degraded answer, dead holder); this process asked.</summary>
        public const string TookOver = "took_over";

        /// <summary>The leases could not be claimed (Redis unreachable); this process asked without one.</summary>
        public const string NoLease = "no_lease";
    }

    /// <summary>Asks the model and stores its cacheable answers; called with the keys this process is to ask about.</summary>
    public delegate Task<IReadOnlyDictionary<string, ClassifierAnswer>> AskAndStore(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>An answer for every key in <paramref name="keys"/>: asked here under a lease, read from another process, or asked here after all.</summary>
    public async Task<Dictionary<string, ClassifierAnswer>> ResolveAsync(IReadOnlyList<string> keys, AskAndStore ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(ask);
        var answers = new Dictionary<string, ClassifierAnswer>(StringComparer.Ordinal);
        LeaseClaim claim;
        try
        {
            claim = await leases.ClaimAsync(keys, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug("Signature leases unavailable, asking without: {Error}", ex.Message);
            metrics.SingleFlight(Outcomes.NoLease, keys.Count);
            Merge(answers, await ask(keys, cancellationToken));
            return answers;
        }

        foreach (var (key, classification) in claim.Answered)
        {
            answers[key] = ClassifierAnswer.Answered(classification);
        }
        // Ask about ours while waiting for theirs: two processes each holding what the other waits for make progress.
        var leading = claim.Owned.Count == 0 ? Task.FromResult(Waited.None.Answered) : LeadAsync(claim, ask, cancellationToken);
        var waiting = claim.HeldElsewhere.Count == 0 ? Task.FromResult(Waited.None) : WaitAsync(claim.HeldElsewhere, cancellationToken);
        await Task.WhenAll(leading, waiting);
        Merge(answers, leading.Result);
        var waited = waiting.Result;
        Merge(answers, waited.Answered);
        if (waited.Released.Count > 0)
        {
            Merge(answers, await ask(waited.Released, cancellationToken));
        }
        Count(Outcomes.Led, claim.Owned.Count);
        Count(Outcomes.Waited, claim.Answered.Count + waited.Answered.Count);
        Count(Outcomes.TookOver, waited.Released.Count);
        return answers;
    }

    private async Task<IReadOnlyDictionary<string, ClassifierAnswer>> LeadAsync(LeaseClaim claim, AskAndStore ask, CancellationToken cancellationToken)
    {
        using var stopRenewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(claim, stopRenewing.Token);
        try
        {
            // The answers are in L2 once this returns: released after the write, a waiter finds them.
            return await ask(claim.Owned, cancellationToken);
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewing;
            try
            {
                // Not the batch's token: a cancelled batch still frees its leases rather than leave waiters a TTL.
                await leases.ReleaseAsync(claim.Token, claim.Owned, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogDebug("Releasing signature leases failed, they expire in {Ttl}: {Error}", leases.Ttl, ex.Message);
            }
        }
    }

    private async Task RenewAsync(LeaseClaim claim, CancellationToken stop)
    {
        var every = leases.Ttl / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, stop);
                try
                {
                    await leases.RenewAsync(claim.Token, claim.Owned, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The worst that follows is a waiter asking too: a second call, never a lost answer.
                    logger.LogDebug("Renewing signature leases failed: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<Waited> WaitAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(keys, StringComparer.Ordinal);
        var answered = new Dictionary<string, ClassifierAnswer>(StringComparer.Ordinal);
        var released = new List<string>();
        while (pending.Count > 0)
        {
            await Task.Delay(leases.PollInterval, cancellationToken);
            LeasePoll poll;
            try
            {
                poll = await leases.PollAsync(pending, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Redis went away while waiting: ask, as without leases.
                logger.LogDebug("Polling for other workers' answers failed, asking: {Error}", ex.Message);
                released.AddRange(pending);
                break;
            }
            foreach (var (key, classification) in poll.Answered)
            {
                if (pending.Remove(key))
                {
                    answered[key] = ClassifierAnswer.Answered(classification);
                }
            }
            foreach (var key in poll.Released)
            {
                if (pending.Remove(key))
                {
                    released.Add(key);
                }
            }
        }
        return new Waited(answered, released);
    }

    private void Count(string outcome, int count)
    {
        if (count > 0)
        {
            metrics.SingleFlight(outcome, count);
        }
    }

    private static void Merge(Dictionary<string, ClassifierAnswer> into, IReadOnlyDictionary<string, ClassifierAnswer> from)
    {
        foreach (var (key, answer) in from)
        {
            into[key] = answer;
        }
    }

    private sealed record Waited(IReadOnlyDictionary<string, ClassifierAnswer> Answered, IReadOnlyList<string> Released)
    {
        public static readonly Waited None = new(new Dictionary<string, ClassifierAnswer>(), []);
    }
}
