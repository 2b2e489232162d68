using System.Security.Cryptography;
using System.Text;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Incidents;

/// <summary>
/// The book's upkeep, run by each worker's update loop inside store updates: resolving incidents whose grace passed,
/// forgetting old resolved ones, claiming the updates that are due and completing them once published. Pure, like
/// <see cref="IncidentCorrelator"/>: each step may run again on a fresh book after a conflict.
/// </summary>
public sealed class IncidentMaintenance(IncidentOptions options, IncidentCorrelator correlator, IReadOnlyList<string> volatileLabels)
{
    private readonly AlertSignature _signature = new(volatileLabels);
    private readonly HashSet<string> _volatile = new(volatileLabels, StringComparer.Ordinal);

    /// <summary>How long a claim holds: longer than a digest and a publish take, short enough for a crashed worker's to lapse soon.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    /// <summary>After a failed publish, the update waits this long before anyone tries again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Incidents whose grace passed are resolved; resolved ones past <c>INCIDENT_RETENTION</c> (and already announced) are dropped.</summary>
    public void Sweep(IncidentBook book, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        foreach (var incident in book.Incidents)
        {
            if (incident.IsOpen && incident.QuietSince is { } quiet && now - quiet >= options.ResolveGrace)
            {
                correlator.Close(incident, now);
                book.Links = null;
                book.MarkChanged(incident);
            }
        }
        // The archive is bounded like the open incidents, and by INCIDENT_RETENTION: the oldest go first.
        var expired = book.Archived.Where(a => now - a.ResolvedAt >= options.Retention).ToList();
        expired.AddRange(book.Archived.Except(expired).OrderBy(a => a.ResolvedAt).Take(Math.Max(0, book.Archived.Count - expired.Count - options.MaxOpen)));
        if (expired.Count > 0)
        {
            foreach (var archived in expired)
            {
                book.Archived.Remove(archived);
                book.ArchiveDeletes.Add(archived.Id);
            }
            // The archive list is one of the book's own fields.
            book.MarkTopologyChanged();
        }
    }

    /// <summary>Claims up to <paramref name="max"/> updates that are due and not claimed by another worker.</summary>
    public IReadOnlyList<IncidentClaim> Claim(IncidentBook book, DateTimeOffset now, string owner, int max)
    {
        ArgumentNullException.ThrowIfNull(book);
        Sweep(book, now);
        var due = book.Incidents
            .Where(i => i.Pending.Count > 0 && i.PublishDueAt is { } at && at <= now && (i.ClaimUntil is null || i.ClaimUntil <= now))
            .OrderBy(i => i.PublishDueAt)
            .Take(max)
            .ToList();
        var claims = new List<IncidentClaim>(due.Count);
        foreach (var incident in due)
        {
            incident.ClaimedBy = owner;
            incident.ClaimUntil = now + ClaimDuration;
            book.MarkChanged(incident);
            var wanted = incident.DigestWanted || incident.Digest is null;
            claims.Add(new IncidentClaim
            {
                Id = incident.Id,
                Owner = owner,
                Changes = IncidentEvents.Order.Where(incident.Pending.ContainsKey).ToList(),
                ChangeCount = incident.ChangeCount,
                Sequence = incident.Sequence + 1,
                Incident = IncidentSnapshots.ToData(incident),
                Digest = wanted ? DigestInputOf(incident) : null,
                PreviousDigest = incident.DigestBasis,
            });
        }
        return claims;
    }

    /// <summary>
    /// Records a published update: its changes are no longer pending (those recorded since stay, for the next), the digest
    /// and a model's root are kept.
    /// </summary>
    /// <param name="digest">The digest made for this update (raw, with marks), or null when none was due.</param>
    /// <param name="shown">The digest as rendered for the incident (what the update carried).</param>
    /// <param name="modelRoot">The digest's probable root, to become the incident's root where the rules had no evidence.</param>
    public void Complete(IncidentBook book, IncidentClaim claim, DigestBasis? digest, IncidentDigestData? shown, string? modelRoot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(claim);
        var incident = book.Find(claim.Id);
        if (incident is null)
        {
            return;
        }
        foreach (var change in incident.Pending.Where(p => p.Value <= claim.ChangeCount).Select(p => p.Key).ToList())
        {
            incident.Pending.Remove(change);
        }
        incident.LastPublishedAt = now;
        incident.PublishDueAt = incident.Pending.Count > 0 ? IncidentCorrelator.DueAt(incident, now, options) : null;
        incident.Sequence = Math.Max(incident.Sequence, claim.Sequence);
        if (digest is not null)
        {
            incident.DigestBasis = digest;
            incident.Digest = shown;
            // Materially changed again while the digest was made: the next update makes another.
            incident.DigestWanted = IncidentCorrelator.MateriallyChanged(incident);
        }
        if (modelRoot is not null && incident.RootBasis is RootBases.Earliest && incident.Alerts.ContainsKey(modelRoot) && incident.Members.Exists(m => m.Fingerprint == modelRoot))
        {
            incident.Root = modelRoot;
            incident.RootBasis = RootBases.Model;
            incident.RootSignature = incident.Signatures[incident.Members.First(m => m.Fingerprint == modelRoot).SignatureIndex].Signature;
            if (incident.DigestBasis is { } basis)
            {
                // The digest named this root: it needs no new digest for it.
                basis.RootSignature = incident.RootSignature;
            }
        }
        if (incident.ClaimedBy == claim.Owner)
        {
            incident.ClaimedBy = null;
            incident.ClaimUntil = null;
        }
        IncidentCorrelator.ForgetUnusedAlerts(incident);
        if (!incident.IsOpen && incident.Pending.Count == 0)
        {
            // Announced resolved: out of the book every batch reads and writes, into the archive the API reads.
            book.Incidents.Remove(incident);
            book.ToArchive.Add(incident);
            book.Archived.Add(new ArchivedIncident(incident.Id, incident.ResolvedAt ?? now));
            book.MarkTopologyChanged();
        }
        book.MarkChanged(incident);
    }

    /// <summary>A publish failed: the update stays pending and is tried again after <see cref="RetryDelay"/>, by any worker.</summary>
    public static void Release(IncidentBook book, IncidentClaim claim, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(claim);
        var incident = book.Find(claim.Id);
        if (incident is null || incident.ClaimedBy != claim.Owner)
        {
            return;
        }
        incident.ClaimedBy = null;
        incident.ClaimUntil = now + RetryDelay;
        book.MarkChanged(incident);
    }

    private DigestInput DigestInputOf(IncidentState incident)
    {
        var withViews = incident.Signatures
            .Select((s, i) => (State: s, Index: i))
            .Where(s => s.State.Example is { } example && incident.Alerts.ContainsKey(example))
            .OrderByDescending(s => s.State.Signature == incident.RootSignature)
            .ThenByDescending(s => s.State.Count)
            .ThenBy(s => s.State.Signature, StringComparer.Ordinal)
            .ToList();
        var members = withViews.Select(s => new DigestMember
        {
            Signature = s.State.Signature,
            View = _signature.Read(incident.Alerts[s.State.Example!]).View,
            Category = s.State.Category,
            Count = s.State.Count,
        }).ToList();
        var fingerprints = withViews.Select(s =>
            s.State.Signature == incident.RootSignature && incident.Root is not null ? incident.Root : s.State.Example!).ToList();
        var hosts = incident.Profiles.SelectMany(p => p.Profile.Hosts).Distinct(StringComparer.Ordinal).Count();
        var services = incident.Profiles.SelectMany(p => p.Profile.Workloads).Distinct(StringComparer.Ordinal).Count();
        var scope = IncidentSnapshots.CommonScope(incident)
            .Where(p => !_volatile.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new DigestInput
        {
            SignatureSet = SignatureSetOf(incident.Signatures.Select(s => s.Signature)),
            Members = members,
            RootIndex = Math.Max(0, members.FindIndex(m => m.Signature == incident.RootSignature)),
            RootByEvidence = incident.RootBasis == RootBases.Evidence,
            Scope = scope,
            Categories = incident.Categories.ToList(),
            Figures = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["alerts"] = incident.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["hosts"] = hosts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["services"] = services.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RootValues = incident.RootAlert is { } root ? _signature.Read(root).Values : new Dictionary<string, string>(),
            MemberFingerprints = fingerprints,
            Examples = withViews.Select((s, k) => incident.Alerts.GetValueOrDefault(fingerprints[k]) ?? incident.Alerts[s.State.Example!]).ToList(),
            RootSignature = incident.RootSignature,
        };
    }

    /// <summary>A digest of the sorted, distinct signatures: equal for every incident made of the same kinds of alert.</summary>
    public static string SignatureSetOf(IEnumerable<string> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var text = string.Join(",", signatures.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
