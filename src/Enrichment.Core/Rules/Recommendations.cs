using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>First steps an on-call engineer can take, per category; the runbook always comes first.</summary>
internal static class Recommendations
{
    public const int MaxCount = 4;

    private static readonly string[] Infrastructure =
    [
        "Check the host's CPU, memory, load and swap (top/htop, vmstat, free -m) and what changed recently.",
        "Look at the kernel and system logs (journalctl -k, dmesg) for OOM kills, hardware (EDAC/IPMI) or clock errors.",
        "If the host is degraded, drain or fail its workload over to healthy hosts before repairing or replacing it.",
    ];

    private static readonly string[] Orchestration =
    [
        "Inspect the affected objects and their events: kubectl describe / kubectl get events (or nomad/consul status).",
        "Check the logs of the failing pods or allocations, including the previous container (kubectl logs --previous).",
        "Verify node capacity, readiness and control-plane health (API server, scheduler, etcd quorum) before restarting anything.",
    ];

    private static readonly string[] Database =
    [
        "Check the database's availability and replication state (primary/replica roles, replication lag) from its own tooling.",
        "Look for long-running queries, locks and connection saturation; kill or throttle the offender if it is safe to.",
        "Check disk space, memory and the database log for errors before restarting or failing over.",
    ];

    private static readonly string[] Messaging =
    [
        "Check broker health and cluster membership (under-replicated partitions, unreachable nodes, alarms).",
        "Look at consumer lag and queue depth: are consumers running, healthy and keeping up with producers?",
        "Check broker disk and memory; scale consumers or partitions, or throttle producers, if the backlog keeps growing.",
    ];

    private static readonly string[] Network =
    [
        "Test reachability from where users and callers stand (curl, dig, traceroute, the blackbox probe's target).",
        "Check the proxy, load balancer or mesh: upstream health, error rates, recent configuration reloads.",
        "Look for DNS, TLS or routing changes and interface errors on the path; roll back a recent change if it correlates.",
    ];

    private static readonly string[] Security =
    [
        "Identify what is affected: the certificate, secret or identity provider, and which services depend on it.",
        "For expiring or invalid certificates, renew them (or fix the issuer, e.g. cert-manager/ACME) and check the new chain is served.",
        "For authentication failures or suspicious activity, review the audit logs for the source and rotate credentials if compromise is possible.",
    ];

    private static readonly string[] Storage =
    [
        "Find what is filling or failing: df -h / df -i, the largest directories, or the device and pool status (smartctl, zpool, ceph status).",
        "Free space safely (old logs, snapshots, temporary files) or expand the volume before it fills up.",
        "For device or pool health errors, check redundancy and plan a replacement before a second failure.",
    ];

    private static readonly string[] Application =
    [
        "Check the service's error rate, latency and recent deploys; roll back if the alert started with a release.",
        "Read the application logs and traces around the alert's start for exceptions and slow dependencies.",
        "Check the runtime's resources (heap, GC, threads, workers); scale out or restart only after capturing diagnostics.",
    ];

    private static readonly string[] Observability =
    [
        "Check the monitoring component's own health: its targets, logs and /metrics (up, scrape and rule evaluation errors).",
        "Verify the pipeline end to end: scrape → storage → rules → Alertmanager → receivers; alerts may be missing while it is broken.",
        "Look for resource pressure (memory, disk, cardinality) and recent configuration reloads on the component.",
    ];

    private static readonly string[] Cicd =
    [
        "Open the failing pipeline, build or sync and read its logs to find the first failing step.",
        "Check the runners/agents and the CI/CD server's health and capacity (queued jobs, workers, connectivity to Git).",
        "For GitOps drift or failed syncs, compare the desired and live state and retry the sync once the cause is fixed.",
    ];

    private static readonly string[] Noise =
    [
        "No action needed: this alert fires by design (heartbeat, inhibition helper or test).",
        "Route it to a dead man's switch service or a null receiver rather than to people.",
    ];

    public static IReadOnlyList<string> For(AlertCategory category, bool noise, string? runbookUrl)
    {
        var steps = noise ? Noise : StepsFor(category);
        var list = new List<string>(MaxCount);
        if (!string.IsNullOrWhiteSpace(runbookUrl))
        {
            list.Add("Follow the runbook: " + runbookUrl.Trim());
        }
        foreach (var step in steps)
        {
            if (list.Count == MaxCount)
            {
                break;
            }
            list.Add(step);
        }
        return list;
    }

    private static string[] StepsFor(AlertCategory category) => category switch
    {
        AlertCategory.Infrastructure => Infrastructure,
        AlertCategory.Orchestration => Orchestration,
        AlertCategory.Database => Database,
        AlertCategory.Messaging => Messaging,
        AlertCategory.Network => Network,
        AlertCategory.Security => Security,
        AlertCategory.Storage => Storage,
        AlertCategory.Application => Application,
        AlertCategory.Observability => Observability,
        AlertCategory.Cicd => Cicd,
        _ => Application,
    };
}
