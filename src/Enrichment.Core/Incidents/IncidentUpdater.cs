using Enrichment.Contracts;
using Enrichment.Core.Incidents.Digest;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Incidents;

/// <summary>
/// One round of a worker's incident updates (the transport-free part of the worker's loop): claim the updates that are
/// due, make the digest where the incident changed materially, publish one <see cref="IncidentUpdated"/> per incident, and
/// only then mark it done — so an update goes out at least once: a worker that dies between publishing and completing lets
/// its claim lapse and another publishes it again (receivers tell repeats by <see cref="IncidentUpdated.Sequence"/>).
/// </summary>
public sealed class IncidentUpdater(IncidentService incidents, IncidentDigests digests, IIncidentMetrics metrics, TimeProvider time, ILogger<IncidentUpdater> logger)
{
    /// <summary>Updates claimed per round: bounds the work (and the model calls) one round holds.</summary>
    public const int ClaimsPerRound = 20;

    /// <summary>Publishes the round's updates through <paramref name="publish"/>, which returns once the bus has each.</summary>
    /// <param name="owner">This worker's name in the book's claims.</param>
    /// <param name="useModel">False in <c>transparent</c> mode: no model is asked for anything.</param>
    /// <returns>The updates published.</returns>
    public async Task<int> RoundAsync(string owner, bool useModel, Func<IncidentUpdated, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var now = time.GetUtcNow();
        var claims = await incidents.Store.UpdateAsync(book => incidents.Maintenance.Claim(book, now, owner, ClaimsPerRound), cancellationToken);
        var published = 0;
        foreach (var claim in claims)
        {
            if (await PublishAsync(claim, useModel, publish, cancellationToken))
            {
                published++;
            }
        }
        return published;
    }

    private async Task<bool> PublishAsync(IncidentClaim claim, bool useModel, Func<IncidentUpdated, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await digests.MakeAsync(claim, useModel, cancellationToken);
            var incident = claim.Incident;
            if (outcome is not null)
            {
                incident = incident with { Digest = outcome.Shown };
                if (outcome.ModelRoot is { } root && incident.RootBasis == RootBases.Earliest && incident.Members.Contains(root)
                    && claim.Digest!.MemberFingerprints.ToList().IndexOf(root) is >= 0 and var index)
                {
                    incident = incident with { Root = root, RootBasis = RootBases.Model, RootAlert = claim.Digest.Examples[index] };
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
            await publish(update, cancellationToken);
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
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not publish the update of incident {Id}; retrying later: {Error}", claim.Id, ex.Message);
            await incidents.Store.UpdateAsync(book =>
            {
                IncidentMaintenance.Release(book, claim, time.GetUtcNow());
                return 0;
            }, cancellationToken);
            return false;
        }
    }
}
