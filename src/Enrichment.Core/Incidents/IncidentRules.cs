namespace Enrichment.Core.Incidents;

/// <summary>
/// The rules that decide which alerts belong together and which one explains the others. Pure functions of two
/// <see cref="LinkProfile"/>s (times are checked by the caller: <see cref="IncidentCorrelator"/>).
/// <para>
/// <b>Links</b> (two alerts belong to one incident), strongest first: one explains the other; they are on the same host
/// or node; they are about the same workload or service; they share a scope (the same values of at least two of
/// <c>INCIDENT_SCOPE_LABELS</c>, without being on different hosts or about different workloads).
/// </para>
/// <para>
/// <b>Explains</b> (evidence that one alert causes another): a host or node alert explains the alerts on that host (an
/// outage outranks strain, then the earlier start wins); a zone alert explains the alerts in that zone; a scrape target
/// down or absent explains the alerts of that target (same job and instance); a database, broker or DNS unavailable
/// explains error and latency alerts (and failing probes) in its namespace (its cluster, when it has none, or when it is DNS)
/// and the other alerts about itself; a workload's rollout explains every other alert about that workload.
/// </para>
/// </summary>
public static class IncidentRules
{
    public static LinkStrength Link(LinkProfile a, LinkProfile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Explains(a, b) || Explains(b, a))
        {
            return LinkStrength.Explains;
        }
        if (Overlaps(a.Hosts, b.Hosts))
        {
            return LinkStrength.Host;
        }
        if (Overlaps(a.Workloads, b.Workloads))
        {
            return LinkStrength.Workload;
        }
        if (a.Scope.Count >= 2 && a.Scope.SequenceEqual(b.Scope, StringComparer.Ordinal)
            && !(a.Hosts.Count > 0 && b.Hosts.Count > 0)
            && !(a.Workloads.Count > 0 && b.Workloads.Count > 0))
        {
            return LinkStrength.Scope;
        }
        return LinkStrength.None;
    }

    /// <summary>Whether <paramref name="cause"/> explains <paramref name="effect"/> (never for one profile and itself).</summary>
    public static bool Explains(LinkProfile cause, LinkProfile effect)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(effect);
        if (ReferenceEquals(cause, effect))
        {
            return false;
        }
        if (cause.Has(AlertKinds.Host) && Overlaps(cause.Hosts, effect.Hosts))
        {
            if (!effect.Has(AlertKinds.Host))
            {
                return true;
            }
            // Two alerts about one machine: the outage explains the strain. Otherwise neither has evidence over the other
            // here; the earlier start decides between them when a root is chosen.
            if (cause.Has(AlertKinds.HostOutage) && !effect.Has(AlertKinds.HostOutage))
            {
                return true;
            }
        }
        if (cause.Has(AlertKinds.Zone) && cause.Zone is { } zone && !effect.Has(AlertKinds.Zone)
            && string.Equals(zone, effect.Zone, StringComparison.Ordinal) && SamePartition(cause, effect))
        {
            return true;
        }
        if (cause.Has(AlertKinds.TargetDown) && !effect.Has(AlertKinds.TargetDown) && cause.Job is { } job
            && string.Equals(job, effect.Job, StringComparison.Ordinal)
            && (cause.Instance is null || string.Equals(cause.Instance, effect.Instance, StringComparison.Ordinal))
            && SamePartition(cause, effect))
        {
            return true;
        }
        if (cause.Has(AlertKinds.Dependency) && !effect.Has(AlertKinds.Dependency) && SamePartition(cause, effect))
        {
            // The errors and latency of the services in its scope (for DNS, the whole cluster), and whatever else is said of
            // the database or broker itself (its replicas lagging, its partitions under-replicated).
            var inScope = cause.Has(AlertKinds.ClusterWide) || cause.Namespace is null || string.Equals(cause.Namespace, effect.Namespace, StringComparison.Ordinal);
            if ((inScope && (effect.Has(AlertKinds.ErrorOrLatency) || effect.Has(AlertKinds.Probe))) || Overlaps(cause.Workloads, effect.Workloads))
            {
                return true;
            }
        }
        if (cause.Has(AlertKinds.Rollout) && !effect.Has(AlertKinds.Rollout) && Overlaps(cause.Workloads, effect.Workloads))
        {
            return true;
        }
        return false;
    }

    /// <summary>
    /// Whether two alerts speak of the same cause (two alerts about one node, one zone, one target, one database's
    /// namespace, one workload) without either explaining the other: then the earlier start explains the later.
    /// </summary>
    public static bool SameCause(LinkProfile a, LinkProfile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return (a.Has(AlertKinds.Host) && b.Has(AlertKinds.Host) && Overlaps(a.Hosts, b.Hosts))
            || (a.Has(AlertKinds.Zone) && b.Has(AlertKinds.Zone) && a.Zone == b.Zone && SamePartition(a, b))
            || (a.Has(AlertKinds.TargetDown) && b.Has(AlertKinds.TargetDown) && a.Job == b.Job && a.Instance == b.Instance && SamePartition(a, b))
            || (a.Has(AlertKinds.Dependency) && b.Has(AlertKinds.Dependency) && SamePartition(a, b) && a.Namespace == b.Namespace
                && (Overlaps(a.Workloads, b.Workloads) || Overlaps(a.Hosts, b.Hosts) || a.Job == b.Job))
            || (a.Has(AlertKinds.Rollout) && b.Has(AlertKinds.Rollout) && Overlaps(a.Workloads, b.Workloads));
    }

    /// <summary>Whether an alert of this profile, once root, explains the other members of its own profile (earlier start wins).</summary>
    public static bool ExplainsItsKind(LinkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return (profile.Kinds & AlertKinds.Explaining) != 0;
    }

    /// <summary>How strongly a profile speaks for itself as a root when evidence is even: outages first, then causes, then the rest.</summary>
    public static int Rank(LinkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Has(AlertKinds.Zone) ? 6
            : profile.Has(AlertKinds.HostOutage) ? 5
            : profile.Has(AlertKinds.TargetDown) || profile.Has(AlertKinds.Dependency) ? 4
            : profile.Has(AlertKinds.Host) ? 3
            : profile.Has(AlertKinds.Rollout) ? 2
            : profile.Has(AlertKinds.ErrorOrLatency) ? 0
            : 1;
    }

    private static bool SamePartition(LinkProfile a, LinkProfile b) =>
        a.Partition is null || b.Partition is null || string.Equals(a.Partition, b.Partition, StringComparison.Ordinal);

    private static bool Overlaps(List<string> a, List<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }
        foreach (var value in a)
        {
            if (b.BinarySearch(value, StringComparer.Ordinal) >= 0)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Why two alerts belong together, weakest first.</summary>
public enum LinkStrength
{
    None = 0,
    Scope = 1,
    Workload = 2,
    Host = 3,
    Explains = 4,
}
