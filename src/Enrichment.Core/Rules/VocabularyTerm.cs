using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>One piece of evidence a word carries: it points to a category with a weight.</summary>
internal readonly record struct CategoryWeight(AlertCategory Category, double Weight);

/// <summary>What a word says an alert is <em>about</em>, whatever product or platform it names besides.</summary>
internal enum SubjectKind : byte
{
    None,

    /// <summary>A certificate: a security matter whoever serves or measures it.</summary>
    Certificate,

    /// <summary>Identity and access (authentication, tokens, RBAC): security, on whatever platform.</summary>
    Access,

    /// <summary>A disk, filesystem or volume: storage, on whatever platform it is attached to.</summary>
    Storage,

    /// <summary>A collector of the monitoring stack named as such (kube-state-metrics, node-exporter): observability, not what it collects.</summary>
    Collector,
}

/// <summary>
/// A known word: its text, a dense id (for de-duplication bitsets) and the evidence it carries.
/// </summary>
/// <param name="Weights">What the word points to where it names the subject: in the alert name and the metric names.</param>
internal sealed record VocabularyTerm(string Term, int Id, CategoryWeight[] Weights)
{
    /// <summary>
    /// What the word points to where it names the tool that measured the alert rather than its subject — in the
    /// <c>job</c>, other labels and the annotations: <c>kube-state-metrics</c> there says "a Kubernetes object", in
    /// the alert name "kube-state-metrics itself". The subject weights when the word has no such second meaning.
    /// </summary>
    public CategoryWeight[] MeasuredWeights { get; init; } = Weights;

    public SubjectKind Subject { get; init; }

    /// <summary>An acronym that is also an English word ("UPS" and "sign-ups"): in prose it counts only in capitals.</summary>
    public bool UpperCaseInProse { get; init; }
}
