namespace Enrichment.Core.Incidents;

/// <summary>
/// Every open incident's profiles indexed by what can link an alert to them, so that placing an alert costs lookups of its
/// own keys, not a comparison with every profile of every incident. Three maps: what links alike on both sides (hosts,
/// workloads, scopes); causes, under the keys of what they explain (a zone, a job, a namespace or cluster); effects, under
/// the keys of what may explain them. An alert looks up its own keys in the first, its effect keys among the causes and,
/// only if it is a cause itself, its cause keys among the effects. Answers as <see cref="IncidentRules.Link"/> would
/// against each profile within the time window. Kept with the book object between updates (never stored), extended as
/// profiles are added, rebuilt after incidents close.
/// </summary>
internal sealed class BookLinks
{
    private readonly Dictionary<string, List<Entry>> _alike = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _causes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _effects = new(StringComparer.Ordinal);

    public BookLinks(IncidentBook book)
    {
        foreach (var incident in book.Incidents)
        {
            if (incident.IsOpen)
            {
                foreach (var profile in incident.Profiles)
                {
                    Add(incident, profile);
                }
            }
        }
    }

    /// <summary>
    /// Swaps one incident object for another (a newer copy read from the store), or adds (<paramref name="before"/> null) or
    /// drops (<paramref name="after"/> null) one: what changed since the index was built, rather than the whole book again.
    /// </summary>
    public void Replace(IncidentState? before, IncidentState? after)
    {
        if (before is not null)
        {
            foreach (var state in before.Profiles)
            {
                Remove(_alike, AlikeKeys(state.Profile), before);
                Remove(_causes, CauseKeys(state.Profile), before);
                Remove(_effects, EffectKeys(state.Profile), before);
            }
        }
        if (after is not null && after.IsOpen)
        {
            foreach (var state in after.Profiles)
            {
                Add(after, state);
            }
        }
    }

    private static void Remove(Dictionary<string, List<Entry>> map, IEnumerable<string> keys, IncidentState incident)
    {
        foreach (var key in keys)
        {
            if (map.TryGetValue(key, out var list))
            {
                list.RemoveAll(e => ReferenceEquals(e.Incident, incident));
            }
        }
    }

    public void Add(IncidentState incident, ProfileState state)
    {
        var entry = new Entry(incident, state);
        Put(_alike, AlikeKeys(state.Profile), entry);
        Put(_causes, CauseKeys(state.Profile), entry);
        Put(_effects, EffectKeys(state.Profile), entry);
    }

    /// <summary>The strongest link of <paramref name="alert"/> to each open incident it links to.</summary>
    public Dictionary<IncidentState, LinkStrength> Strengths(AlertFacts alert, TimeSpan window)
    {
        var found = new Dictionary<IncidentState, LinkStrength>();
        var profile = alert.Profile;
        Visit(_alike, AlikeKeys(profile), alert, window, found);
        Visit(_causes, EffectKeys(profile), alert, window, found);
        if ((profile.Kinds & AlertKinds.Explaining) != 0)
        {
            Visit(_effects, CauseKeys(profile), alert, window, found);
        }
        return found;
    }

    private static void Visit(Dictionary<string, List<Entry>> map, IEnumerable<string> keys, AlertFacts alert, TimeSpan window, Dictionary<IncidentState, LinkStrength> found)
    {
        foreach (var key in keys)
        {
            if (!map.TryGetValue(key, out var list))
            {
                continue;
            }
            foreach (var (incident, state) in list)
            {
                if (!incident.IsOpen || (found.TryGetValue(incident, out var known) && known == LinkStrength.Explains) || !InTime(alert, incident, state, window))
                {
                    continue;
                }
                var strength = IncidentRules.Link(alert.Profile, state.Profile);
                if (strength > found.GetValueOrDefault(incident))
                {
                    found[incident] = strength;
                }
            }
        }
    }

    /// <summary>Within the window of the profile's members, or of a notification the incident already holds.</summary>
    private static bool InTime(AlertFacts alert, IncidentState incident, ProfileState state, TimeSpan window) =>
        (alert.StartsAt >= state.FirstStart - window && alert.StartsAt <= state.LastStart + window)
        || (alert.GroupKey is not null && incident.HoldsGroupKey(alert.GroupKey));

    /// <summary>Hosts, workloads and scopes: two profiles linked by them (or by a node explaining what is on it) share one.</summary>
    private static IEnumerable<string> AlikeKeys(LinkProfile profile)
    {
        foreach (var host in profile.Hosts)
        {
            yield return "h\u001f" + host;
        }
        foreach (var workload in profile.Workloads)
        {
            yield return "w\u001f" + workload;
        }
        if (profile.Scope.Count >= 2)
        {
            yield return "s\u001f" + string.Join('\u001f', profile.Scope);
        }
    }

    /// <summary>Where a cause meets what it explains beyond hosts and workloads.</summary>
    private static IEnumerable<string> CauseKeys(LinkProfile profile)
    {
        var partition = profile.Partition ?? "";
        if (profile.Has(AlertKinds.Zone) && profile.Zone is { } zone)
        {
            yield return "z\u001f" + zone;
        }
        if (profile.Has(AlertKinds.TargetDown) && profile.Job is { } job)
        {
            yield return "j\u001f" + job;
        }
        if (profile.Has(AlertKinds.Dependency))
        {
            yield return profile.Has(AlertKinds.ClusterWide) || profile.Namespace is null
                ? "c\u001f" + partition
                : "n\u001f" + partition + "\u001f" + profile.Namespace;
        }
    }

    /// <summary>Where an effect may meet its cause: its zone, its job, its namespace, its cluster.</summary>
    private static IEnumerable<string> EffectKeys(LinkProfile profile)
    {
        var partition = profile.Partition ?? "";
        if (profile.Zone is { } zone)
        {
            yield return "z\u001f" + zone;
        }
        if (profile.Job is { } job)
        {
            yield return "j\u001f" + job;
        }
        yield return "n\u001f" + partition + "\u001f" + profile.Namespace;
        yield return "c\u001f" + partition;
        if (partition.Length > 0)
        {
            // A cause that names no cluster is in every cluster's scope.
            yield return "c\u001f";
        }
    }

    private static void Put(Dictionary<string, List<Entry>> map, IEnumerable<string> keys, Entry entry)
    {
        foreach (var key in keys)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }
            list.Add(entry);
        }
    }

    private readonly record struct Entry(IncidentState Incident, ProfileState State);
}
