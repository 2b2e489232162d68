using Enrichment.Contracts;

namespace Enrichment.Core.Classification;

/// <summary>
/// The extension point: the classifier that answers before the rules do — the BYOK LLM, or a
/// team's own model. Register one implementation in DI and the classification chain uses it
/// (cache → this classifier → rules).
/// </summary>
public interface IAlertClassifier
{
    /// <summary>
    /// Identifies the answers' origin, e.g. <c>openai/gpt-4o-mini/p2/3f9a61c0</c>. It namespaces the
    /// classification cache, so change it whenever the answers would change.
    /// </summary>
    string CacheNamespace { get; }

    /// <summary>
    /// Classifies distinct alerts; returns exactly one answer per alert, in order. Each alert stands for
    /// its whole signature and arrives as the signature's view (<see cref="Alerts.SignedAlert.View"/>):
    /// volatile label values are <c>{{labels.NAME}}</c>, the numbers of its annotations <c>{{num1}}</c>…,
    /// its generator URL only its expression, its fingerprint the signature. Write those marks where the answer names such a value: the
    /// answer is cached with them and each alert's event shows it with that alert's own values. A failed item is
    /// an answer with a <see cref="ClassifierAnswer.DegradedReason"/>, never an exception: the
    /// chain gives such an alert the rule-based verdict. An exception fails the whole call the same way
    /// (<c>degradedReason: error</c>). An alert the classifier does not know can be answered with
    /// <see cref="Rules.IRuleClassifier"/>'s verdict: answers whose source is <c>rules</c> are not cached.
    /// </summary>
    Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken);
}

/// <summary>One alert's answer from an <see cref="IAlertClassifier"/>: a verdict, or why there is none.</summary>
public readonly record struct ClassifierAnswer(AlertClassification? Classification, string? DegradedReason)
{
    public static ClassifierAnswer Answered(AlertClassification classification) => new(classification, null);

    public static ClassifierAnswer Failed(string degradedReason) => new(null, degradedReason);
}
