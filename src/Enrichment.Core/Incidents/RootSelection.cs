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
        return profiles.Count == 0 ? null : Choose(profiles, Graph.Of(profiles));
    }

    /// <summary>
    /// The root of an incident, with the graph of who explains whom kept on the incident between calls (see
    /// <see cref="Graph"/>): a batch that only adds members to known profiles pays for the scores, not for the graph.
    /// </summary>
    internal static Choice? Choose(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var profiles = incident.Profiles;
        if (profiles.Count == 0)
        {
            return null;
        }
        if (incident.RootGraph is not { } graph || !graph.Describes(profiles))
        {
            incident.RootGraph = graph = Graph.Of(profiles);
        }
        return Choose(profiles, graph);
    }

    private static Choice Choose(IReadOnlyList<ProfileState> profiles, Graph graph)
    {
        var n = profiles.Count;
        var best = -1;
        var bestScore = 0;
        HashSet<int>? bestReach = null;
        for (var i = 0; i < n; i++)
        {
            var ownKind = IncidentRules.ExplainsItsKind(profiles[i].Profile) ? profiles[i].Count - 1 : 0;
            var reach = graph.Reach[i];
            if (reach is null)
            {
                if (ownKind == 0)
                {
                    continue;
                }
                reach = NoOne;
            }
            var score = ownKind;
            foreach (var j in reach)
            {
                score += profiles[j].Count;
            }
            if (score > 0 && (best < 0 || score > bestScore || (score == bestScore && Before(profiles[i], profiles[best]))))
            {
                best = i;
                bestScore = score;
                bestReach = reach;
            }
        }
        if (best >= 0)
        {
            // A copy: the graph's sets are kept for the next call.
            var explained = new HashSet<int>(bestReach!);
            if (IncidentRules.ExplainsItsKind(profiles[best].Profile))
            {
                explained.Add(best);
            }
            return new Choice(best, true, explained);
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

    /// <summary>The reach of a profile that explains no other (never changed: a choice copies what it returns).</summary>
    private static readonly HashSet<int> NoOne = [];

    /// <summary>
    /// Who explains whom among an incident's profiles, and whom each reaches: what the rules say of each pair, which does
    /// not change while the profiles do not (a profile is never changed once built, and profiles are only appended; the
    /// order between two alerts of one cause follows their first starts). Scores change with every member, so they are
    /// counted at each call; the graph, cubic in the profiles at worst (256 of them in a long storm), is built again only
    /// when a profile was added or started earlier. Kept on the incident object (never stored) and handed on to the copy
    /// a store reads back (<see cref="IncidentBook.KeepIndexOf(IncidentBook, IReadOnlyList{ValueTuple{IncidentState, IncidentState}})"/>),
    /// which it then describes too: it checks the profiles' keys, not the objects.
    /// </summary>
    internal sealed class Graph
    {
        private LinkProfile[] _profiles = [];
        private string[] _keys = [];
        private DateTimeOffset[] _firstStarts = [];

        /// <summary>For each profile, the profiles it explains directly or through others; null where none.</summary>
        public HashSet<int>?[] Reach { get; private set; } = [];

        public static Graph Of(IReadOnlyList<ProfileState> profiles)
        {
            var edges = Edges(profiles);
            var graph = new Graph
            {
                _profiles = profiles.Select(p => p.Profile).ToArray(),
                _keys = profiles.Select(p => p.Profile.Key()).ToArray(),
                _firstStarts = profiles.Select(p => p.FirstStart).ToArray(),
                Reach = new HashSet<int>?[profiles.Count],
            };
            for (var i = 0; i < profiles.Count; i++)
            {
                if (edges[i] is not null)
                {
                    graph.Reach[i] = Reach(edges, i);
                }
            }
            return graph;
        }

        /// <summary>Whether this is still the graph of <paramref name="profiles"/>.</summary>
        public bool Describes(IReadOnlyList<ProfileState> profiles)
        {
            if (profiles.Count != _profiles.Length)
            {
                return false;
            }
            for (var i = 0; i < profiles.Count; i++)
            {
                var profile = profiles[i].Profile;
                if (profiles[i].FirstStart != _firstStarts[i])
                {
                    return false;
                }
                if (!ReferenceEquals(profile, _profiles[i]))
                {
                    if (!string.Equals(profile.Key(), _keys[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                    // The same profile, read back by a store: compared by reference from now on.
                    _profiles[i] = profile;
                }
            }
            return true;
        }
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
