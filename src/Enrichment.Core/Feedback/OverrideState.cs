using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Feedback;

/// <summary>The corrections a process applies right now: read from the store at one generation.</summary>
public sealed record OverrideSnapshot(long Generation, IReadOnlyDictionary<string, SignatureOverride> Overrides, CorrectionExamples Examples)
{
    public static OverrideSnapshot Empty { get; } = new(0, OverrideSet.Empty.Overrides, CorrectionExamples.None);
}

/// <summary>
/// The process-wide corrections in force. Reads are a field read (the worker asks per batch);
/// <see cref="OverrideSynchronizer"/> refreshes it: one <c>GET</c> of the generation per poll, the whole set only when
/// it moved. So a correction made on any gateway reaches every worker within one poll interval
/// (<c>FEEDBACK_POLL_INTERVAL</c>, 500 ms) plus a batch. When the store is unreachable the last set read stays in force.
/// </summary>
public sealed class OverrideState(IOverrideStore store, IOptions<FeedbackOptions> options, ILogger<OverrideState> logger)
{
    private readonly int _examples = options.Value.Examples;
    private OverrideSnapshot _current = OverrideSnapshot.Empty;
    private volatile bool _attempted;

    public OverrideSnapshot Current => Volatile.Read(ref _current);

    /// <summary>False while the store could not be read on the last attempt.</summary>
    public bool StoreReachable { get; private set; } = true;

    /// <summary>
    /// The corrections in force, read once from the store first if this process has not tried yet: a worker that
    /// starts (or restarts) applies the corrections to its very first batch instead of to the batches after its first
    /// poll. A store that cannot answer then is not waited for again; the poll keeps trying.
    /// </summary>
    public async ValueTask<OverrideSnapshot> ReadyAsync(CancellationToken cancellationToken)
    {
        if (!_attempted)
        {
            await RefreshAsync(cancellationToken);
        }
        return Current;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var generation = await store.GenerationAsync(cancellationToken);
            if (generation != Current.Generation)
            {
                var set = await store.ReadAsync(cancellationToken);
                var next = new OverrideSnapshot(set.Generation, set.Overrides, CorrectionExamples.From(set.Overrides.Values, _examples));
                Volatile.Write(ref _current, next);
                logger.LogInformation("Corrections in force: {Count} (generation {Generation})", next.Overrides.Count, next.Generation);
            }
            if (!StoreReachable)
            {
                logger.LogInformation("Override store {Store} is reachable again", store.Name);
            }
            StoreReachable = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (StoreReachable)
            {
                logger.LogWarning("Override store {Store} unreachable, keeping {Count} corrections: {Error}", store.Name, Current.Overrides.Count, ex.Message);
            }
            StoreReachable = false;
        }
        finally
        {
            _attempted = true;
        }
    }
}
