using Enrichment.Contracts;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Core.Modes;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Worker.Incidents;

/// <summary>
/// Each worker's loop over the shared incident book: resolves incidents whose grace passed, claims the updates that are
/// due (<c>INCIDENT_UPDATE_DELAY</c> after their first change), makes the digest where the incident changed materially,
/// publishes one <see cref="IncidentUpdated"/> per incident and only then marks it done — so an update is published at
/// least once: a worker that dies after publishing but before completing lets its claim lapse, and another publishes it
/// again (receivers tell repeats by <see cref="IncidentUpdated.Sequence"/>). Claims keep two workers from publishing the
/// same update, and from paying for the same digest.
/// </summary>
public sealed class IncidentUpdatesService(
    IncidentService incidents,
    IncidentDigests digests,
    IBus bus,
    EnrichmentModeState modes,
    IIncidentMetrics metrics,
    TimeProvider time,
    ILogger<IncidentUpdatesService> logger) : BackgroundService
{
    /// <summary>Updates claimed per round: bounds the work (and model calls) one round holds.</summary>
    private const int ClaimsPerRound = 20;

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
                await RoundAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is down or the bus is: the claims lapse or were released; the next round tries again.
                logger.LogWarning("Incident updates round failed: {Error}", ex.Message);
            }
        }
    }

    /// <summary>One round: claim what is due, then digest, publish and complete each claim.</summary>
    public async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claims = await incidents.Store.UpdateAsync(book => incidents.Maintenance.Claim(book, now, _owner, ClaimsPerRound), cancellationToken);
        foreach (var claim in claims)
        {
            await PublishAsync(claim, cancellationToken);
        }
        return claims.Count;
    }

    private async Task PublishAsync(IncidentClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await digests.MakeAsync(claim, modes.Current.Mode.NeedsClassification(), cancellationToken);
            var incident = claim.Incident;
            if (outcome is not null)
            {
                incident = incident with { Digest = outcome.Shown };
                if (outcome.ModelRoot is { } root && incident.RootBasis == RootBases.Earliest && incident.Members.Contains(root))
                {
                    incident = incident with { Root = root, RootBasis = RootBases.Model };
                }
            }
            var update = new IncidentUpdated
            {
                Event = claim.Changes.Count > 0 ? claim.Changes[0] : IncidentEvents.Grown,
                Changes = claim.Changes,
                Incident = incident,
                Sequence = claim.Sequence,
                UpdatedAt = time.GetUtcNow(),
            };
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(update, timeout.Token).WaitAsync(timeout.Token);
            }
            var done = time.GetUtcNow();
            await incidents.Store.UpdateAsync(book =>
            {
                incidents.Maintenance.Complete(book, claim, outcome?.Basis, outcome?.Shown, outcome?.ModelRoot, done);
                return 0;
            }, cancellationToken);
            foreach (var change in claim.Changes)
            {
                metrics.IncidentEvent(change);
            }
            logger.LogInformation("Incident {Id} {Event}: {Size} alerts, root {Root}", incident.Id, update.Event, incident.Size, incident.Root);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not publish the update of incident {Id}; retrying later: {Error}", claim.Id, ex.Message);
            await incidents.Store.UpdateAsync(book =>
            {
                IncidentMaintenance.Release(book, claim, time.GetUtcNow());
                return 0;
            }, cancellationToken);
        }
    }
}
