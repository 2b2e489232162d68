using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// What an alert is about outranks the product or platform that reports it. The scores say which systems an
/// alert names; the nouns of its name and of its expression's first metric (<see cref="SubjectKind"/>) say what
/// the problem is:
/// <list type="bullet">
/// <item>a certificate is a security matter whoever serves or measures it (the kubelet, Envoy, a blackbox probe);</item>
/// <item>authentication, tokens and permissions are security on whatever platform they fail;</item>
/// <item>a disk, filesystem or volume is storage whatever host or cluster it is attached to;</item>
/// <item>a collector named in the alert name (kube-state-metrics, node-exporter) is observability, not the cluster or host it collects.</item>
/// </list>
/// A product that is not a platform keeps a storage alert of its own ("ElasticsearchDiskWatermarkHigh" is the
/// search engine's threshold) — unless the expression measures a platform's volume or disk
/// (<c>kubelet_volume_stats_available_bytes</c> of an Elasticsearch claim): then the volume is what fills, whoever owns it.
/// </summary>
internal static class SubjectRules
{
    public static (AlertCategory Best, AlertCategory RunnerUp, string? Note) Apply(scoped in EvidenceScorer scorer, AlertCategory best, AlertCategory runnerUp)
    {
        if (scorer.HasSubject(SubjectKind.Certificate) && best != AlertCategory.Security)
        {
            return (AlertCategory.Security, best, "a certificate is the subject, whoever serves or measures it: security");
        }
        if (scorer.Measures(SubjectKind.Storage) && best != AlertCategory.Storage)
        {
            return (AlertCategory.Storage, best, "the expression measures a volume, disk or filesystem of a host or cluster: storage");
        }
        if (!IsPlatform(best))
        {
            return (best, runnerUp, null);
        }
        if (scorer.HasSubject(SubjectKind.Collector))
        {
            return (AlertCategory.Observability, best, $"a collector of the monitoring stack is the subject, not the {best.ToWire()} it collects: observability");
        }
        if (scorer.HasSubject(SubjectKind.Access))
        {
            return (AlertCategory.Security, best, $"authentication or access is the subject, {best.ToWire()} the platform: security");
        }
        if (scorer.HasSubject(SubjectKind.Storage))
        {
            return (AlertCategory.Storage, best, $"a disk, filesystem or volume is the subject, {best.ToWire()} the platform: storage");
        }
        return (best, runnerUp, null);
    }

    /// <summary>Where things run: hosts and clusters.</summary>
    private static bool IsPlatform(AlertCategory category) => category is AlertCategory.Infrastructure or AlertCategory.Orchestration;
}
