using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Modes;

/// <summary>The mode as this process currently applies it, and where it came from.</summary>
public sealed record ModeSetting(EnrichmentMode Mode, string Source);

/// <summary>
/// The process-wide current mode. Reads are a field read (the worker's hot path asks per batch);
/// <see cref="ModeSynchronizer"/> refreshes it from the store, so a change made on any process
/// reaches this one within one poll interval. When the store is unreachable the last known value
/// stays in force.
/// </summary>
public sealed class EnrichmentModeState
{
    private readonly IEnrichmentModeStore _store;
    private readonly ILogger<EnrichmentModeState> _logger;
    private readonly IEnrichmentMetrics _metrics;
    private ModeSetting _current;

    public EnrichmentModeState(IEnrichmentModeStore store, IOptions<EnrichmentOptions> options, IEnrichmentMetrics metrics, ILogger<EnrichmentModeState> logger)
    {
        _store = store;
        _logger = logger;
        _metrics = metrics;
        var configured = options.Value.Mode;
        _current = EnrichmentModes.TryParse(configured, out var mode)
            ? new ModeSetting(mode, "env")
            : new ModeSetting(EnrichmentMode.Transparent, "default");
    }

    public ModeSetting Current => Volatile.Read(ref _current);

    /// <summary>
    /// False while the store could not be read on the last attempt: the outage and the recovery are logged once each.
    /// Readiness does not read it: the store's own check (Redis's) reports the outage.
    /// </summary>
    internal bool StoreReachable { get; private set; } = true;

    /// <summary>Sets the mode for every process sharing the store.</summary>
    public async Task<ModeSetting> SetAsync(EnrichmentMode mode, CancellationToken cancellationToken)
    {
        await _store.WriteAsync(mode, cancellationToken);
        Apply(new ModeSetting(mode, _store.Name), "admin");
        return Current;
    }

    /// <summary>Reads the store once; keeps the last known value when it cannot.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stored = await _store.ReadAsync(cancellationToken);
            if (!StoreReachable)
            {
                _logger.LogInformation("Mode store {Store} is reachable again", _store.Name);
            }
            StoreReachable = true;
            if (stored is { } mode)
            {
                Apply(new ModeSetting(mode, _store.Name), "store");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (StoreReachable)
            {
                _logger.LogWarning("Mode store {Store} unreachable, keeping mode {Mode}: {Error}", _store.Name, Current.Mode.ToWire(), ex.Message);
            }
            StoreReachable = false;
        }
    }

    private void Apply(ModeSetting next, string via)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        if (previous.Mode != next.Mode)
        {
            _logger.LogInformation("Enrichment mode changed from {Previous} to {Mode} (via {Via}, source {Source})",
                previous.Mode.ToWire(), next.Mode.ToWire(), via, next.Source);
            _metrics.ModeChanged(next.Mode.ToWire());
        }
    }
}
