namespace Enrichment.Core.Rules;

/// <summary>Where in an alert a word was found: the place decides how much the word weighs.</summary>
internal enum EvidenceField : byte
{
    AlertName,
    Job,
    Labels,
    Expression,
    Summary,
    Description,
}

/// <summary>The fields' names as the reasoning prints them, and their weights.</summary>
internal static class EvidenceFields
{
    public const double AlertNameWeight = 3.0;
    public const double LeadWordBonus = 1.6;
    public const double JobWeight = 2.5;
    public const double LabelValueWeight = 1.5;
    public const double LabelNameWeight = 0.6;

    /// <summary>
    /// Labels that say where the alert's target runs or was scraped (<c>namespace="monitoring"</c>,
    /// <c>service="kube-prometheus-stack-kubelet"</c>, the exporter's pod), not what it is about.
    /// </summary>
    public const double LocationLabelWeight = 0.5;

    /// <summary>A metric name's first word: who exposes it (<c>node_</c>, <c>kube_</c>, <c>prometheus_</c>).</summary>
    public const double MetricPrefixWeight = 2.0;

    /// <summary>The other words of a metric name: what it measures.</summary>
    public const double MetricWordWeight = 1.0;
    public const double SummaryWeight = 1.0;
    public const double DescriptionWeight = 0.6;

    public static readonly string[] Names = ["alertname", "job", "labels", "expression", "summary", "description"];

    public static int Count => Names.Length;
}

/// <summary>One word's contribution to one category, kept for the reasoning.</summary>
internal struct EvidenceHit
{
    public int TermId;
    public EvidenceField Field;
    public Enrichment.Core.Classification.AlertCategory Category;
    public double Score;
}
