using Enrichment.Contracts;

namespace Enrichment.Core.Incidents;

/// <summary>An incident of the book as the contract shows it (<c>GET /api/v1/incidents</c>, <see cref="IncidentUpdated"/>).</summary>
public static class IncidentSnapshots
{
    public static IncidentData ToData(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new IncidentData
        {
            Id = incident.Id,
            Status = incident.Status,
            Root = incident.Root,
            RootBasis = incident.RootBasis,
            Members = incident.Members.Select(m => m.Fingerprint).ToList(),
            Size = incident.Size,
            Firing = incident.IsOpen ? incident.Members.Count(m => m.Firing) : 0,
            Alertnames = incident.Signatures
                .GroupBy(s => s.Alertname, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Count: g.Sum(s => s.Count)))
                .OrderByDescending(p => p.Count).ThenBy(p => p.Name, StringComparer.Ordinal)
                .Take(10)
                .ToDictionary(p => p.Name, p => p.Count, StringComparer.Ordinal),
            Categories = incident.Categories.ToList(),
            Scope = CommonScope(incident),
            RootAlert = incident.RootAlert,
            Digest = incident.Digest,
            OpenedAt = incident.OpenedAt,
            UpdatedAt = incident.UpdatedAt,
            ResolvedAt = incident.ResolvedAt,
        };
    }

    /// <summary>The scope labels on which every profile that carries them agrees.</summary>
    public static IReadOnlyDictionary<string, string> CommonScope(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var agreed = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in incident.Profiles)
        {
            foreach (var pair in profile.Profile.Scope)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (label, value) = (pair[..equals], pair[(equals + 1)..]);
                if (conflicting.Contains(label))
                {
                    continue;
                }
                if (agreed.TryGetValue(label, out var seen) && seen != value)
                {
                    agreed.Remove(label);
                    conflicting.Add(label);
                }
                else
                {
                    agreed[label] = value;
                }
            }
        }
        return agreed;
    }
}
