namespace Enrichment.Core.Incidents;

/// <summary>
/// What an alert is about, as far as explaining other alerts goes (see <see cref="IncidentRules"/>). Read from the alert's
/// name, summary, labels, category and expression by <see cref="AlertFactsReader"/>; an alert may be several at once.
/// </summary>
[Flags]
public enum AlertKinds
{
    None = 0,

    /// <summary>A host or node as a whole: down, not ready, its disk, memory or clock. Explains the alerts on that host.</summary>
    Host = 1,

    /// <summary>The host or node is gone (down, unreachable, not ready), not merely strained: outranks other host alerts.</summary>
    HostOutage = 2,

    /// <summary>A zone (or another failure domain) as a whole: a partition, an outage. Explains the alerts in that zone.</summary>
    Zone = 4,

    /// <summary>A scrape target is down or its metrics are absent. Explains the alerts computed from that target.</summary>
    TargetDown = 8,

    /// <summary>A database, broker or DNS is unavailable. Explains error and latency alerts in its scope.</summary>
    Dependency = 16,

    /// <summary>A service's errors or latency: what unavailable dependencies cause.</summary>
    ErrorOrLatency = 32,

    /// <summary>A workload as a whole (its rollout, its replicas, its autoscaler), not one of its pods.</summary>
    Workload = 64,

    /// <summary>About one pod or container.</summary>
    Pod = 128,

    /// <summary>A probe of an endpoint (blackbox): what a workload's or host's failure shows from outside.</summary>
    Probe = 256,

    /// <summary>A DNS (or another cluster-wide) dependency: explains error and latency alerts across its cluster, not only its namespace.</summary>
    ClusterWide = 512,

    /// <summary>A workload change (a rollout, a new generation) rather than its consequences (missing replicas).</summary>
    Rollout = 1024,

    /// <summary>The kinds whose alerts can explain others.</summary>
    Explaining = Host | Zone | TargetDown | Dependency | Rollout,
}
