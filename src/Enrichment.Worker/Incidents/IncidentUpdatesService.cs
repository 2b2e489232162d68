using Enrichment.Core.Incidents;
using Enrichment.Core.Modes;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Worker.Incidents;

/// <summary>
/// Each worker's loop over the shared incident book (<see cref="IncidentUpdater"/>): every tick it resolves incidents
/// whose grace passed, and publishes the updates that are due (<c>INCIDENT_UPDATE_DELAY</c> after their first change),
/// each with its digest, on the bus. Claims in the book keep two workers from publishing one update or paying for one
/// digest twice.
/// </summary>
public sealed class IncidentUpdatesService(IncidentService incidents, IncidentUpdater updater, IBus bus, EnrichmentModeState modes,
    TimeProvider time, ILogger<IncidentUpdatesService> logger) : BackgroundService
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];

    /// <summary>A quarter of the update delay, within 100 ms and 1 s: an update goes out at most that late.</summary>
    private TimeSpan Tick => TimeSpan.FromTicks(Math.Clamp(incidents.Options.UpdateDelay.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await updater.RoundAsync(_owner, modes.Current.Mode.NeedsClassification(), PublishAsync, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is down: claims not taken stay due, claims taken lapse; the next round tries again.
                logger.LogWarning("Incident updates round failed: {Error}", ex.Message);
            }
        }
    }

    /// <summary>Returns once the broker confirmed the event; bounded, so a dead connection fails the update (retried later) instead of holding the loop.</summary>
    private async Task PublishAsync(Contracts.IncidentUpdated update, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await bus.Publish(update, timeout.Token).WaitAsync(timeout.Token);
    }
}
