using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Feedback;

/// <summary>
/// Polls the override store, as <see cref="Modes.ModeSynchronizer"/> polls the mode: nothing but a <c>GET</c> per
/// interval, heals by itself after an outage, and bounds how long a correction takes to reach a worker.
/// </summary>
public sealed class OverrideSynchronizer(OverrideState state, IOptions<FeedbackOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
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
