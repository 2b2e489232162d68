using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Modes;

/// <summary>
/// Polls the mode store. Polling (rather than pub/sub) is chosen on purpose: it needs nothing but
/// GET, heals by itself after a Redis outage, and bounds the propagation delay by the interval.
/// </summary>
public sealed class ModeSynchronizer(EnrichmentModeState state, IOptions<EnrichmentOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ModePollInterval);
        try
        {
            do
            {
                await state.RefreshAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
