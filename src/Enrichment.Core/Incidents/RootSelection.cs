namespace Enrichment.Core.Incidents;

/// <summary>
/// Chooses an incident's root among its profiles by the rules of <see cref="IncidentRules"/>: the profile that explains
/// the most members, directly or through others (a node explains the database on it, which explains the errors of the
/// services that use it); earlier start, then the stronger kind, wins ties. Without any evidence the first member to
/// start is the root. Works on profiles, not members, so a storm costs its distinct profiles squared.
/// </summary>
public static class RootSelection
{
    /// <summary>The chosen root profile, whether rules gave evidence for it, and the profiles it explains.</summary>
    public sealed record Choice(int Profile, bool Evidence, IReadOnlySet<int> Explained);

    public static Choice? Choose(IReadOnlyList<ProfileState> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var n = profiles.Count;
        if (n == 0)
        {
            return null;
        }
        var edges = Edges(profiles);

        var best = -1;
        var bestScore = 0;
        HashSet<int>? bestReach = null;
        for (var i = 0; i < n; i++)
        {
            var ownKind = IncidentRules.ExplainsItsKind(profiles[i].Profile) ? profiles[i].Count - 1 : 0;
            if (edges[i] is null && ownKind == 0)
            {
                continue;
            }
            var reach = Reach(edges, i);
            var score = ownKind + reach.Sum(j => profiles[j].Count);
            if (score > 0 && (best < 0 || score > bestScore || (score == bestScore && Before(profiles[i], profiles[best]))))
            {
                best = i;
                bestScore = score;
                bestReach = reach;
            }
        }
        if (best >= 0)
        {
            if (IncidentRules.ExplainsItsKind(profiles[best].Profile))
            {
                bestReach!.Add(best);
            }
            return new Choice(best, true, bestReach!);
        }

        var earliest = 0;
        for (var i = 1; i < n; i++)
        {
            if (Before(profiles[i], profiles[earliest]))
            {
                earliest = i;
            }
        }
        return new Choice(earliest, false, new HashSet<int>());
    }

    /// <summary>
    /// Who explains whom: the rules' evidence; between two alerts of the same cause, the earlier; and a node or zone explains
    /// what is said of a workload whose pods it explains (the deployment lost replicas, its probe and its errors, because its
    /// pods ran on the node).
    /// </summary>
    private static List<int>?[] Edges(IReadOnlyList<ProfileState> profiles)
    {
        var n = profiles.Count;
        var explains = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                explains[i, j] = i != j && IncidentRules.Explains(profiles[i].Profile, profiles[j].Profile);
            }
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (!explains[i, j] && !explains[j, i] && IncidentRules.SameCause(profiles[i].Profile, profiles[j].Profile))
                {
                    if (Before(profiles[i], profiles[j]))
                    {
                        explains[i, j] = true;
                    }
                    else
                    {
                        explains[j, i] = true;
                    }
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            if (!profiles[i].Profile.Has(AlertKinds.Host) && !profiles[i].Profile.Has(AlertKinds.Zone))
            {
                continue;
            }
            for (var j = 0; j < n; j++)
            {
                var about = profiles[j].Profile;
                if (i == j || explains[i, j] || explains[j, i] || about.Workloads.Count == 0 || about.Has(AlertKinds.Pod) || about.Hosts.Count > 0)
                {
                    continue;
                }
                for (var k = 0; k < n; k++)
                {
                    if (explains[i, k] && profiles[k].Profile.Has(AlertKinds.Pod) && SharesWorkload(about, profiles[k].Profile))
                    {
                        explains[i, j] = true;
                        break;
                    }
                }
            }
        }
        var edges = new List<int>?[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (explains[i, j])
                {
                    (edges[i] ??= []).Add(j);
                }
            }
        }
        return edges;
    }

    private static bool SharesWorkload(LinkProfile a, LinkProfile b) => a.Workloads.Intersect(b.Workloads, StringComparer.Ordinal).Any();

    /// <summary>Earlier start first; at the same start, the kind that more often causes others.</summary>
    private static bool Before(ProfileState a, ProfileState b)
    {
        if (a.FirstStart != b.FirstStart)
        {
            return a.FirstStart < b.FirstStart;
        }
        return IncidentRules.Rank(a.Profile) > IncidentRules.Rank(b.Profile);
    }

    private static HashSet<int> Reach(List<int>?[] edges, int from)
    {
        var seen = new HashSet<int>();
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in edges[current] ?? [])
            {
                if (next != from && seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
        return seen;
    }
}
