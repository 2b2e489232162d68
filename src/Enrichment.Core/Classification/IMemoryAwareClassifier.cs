using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.Core.History;

namespace Enrichment.Core.Classification;

/// <summary>
/// A classifier that also takes what the service remembers: each alert's history class (new, rare, recurring,
/// transient), and recent corrections people made, as examples. The chain then caches its answers per history class
/// and per set of examples (<see cref="MemoryKey"/>), so an answer is never reused where the model was told
/// something else. The BYOK model (and a chain of models) implements it; a plain <see cref="IAlertClassifier"/> is
/// asked as before.
/// </summary>
public interface IMemoryAwareClassifier : IAlertClassifier
{
    /// <summary>As <see cref="IAlertClassifier.ClassifyAsync"/>, one answer per question, in order.</summary>
    Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(
        IReadOnlyList<ClassifierQuestion> questions,
        CorrectionExamples examples,
        CancellationToken cancellationToken);

    /// <summary>
    /// The cache key of an answer made with what the classifier was told: <c>namespace/c…:signature:class</c> — the
    /// examples' tag, the signature (a view's fingerprint), the history class (<c>unknown</c> when none was told).
    /// </summary>
    static string MemoryKey(string cacheNamespace, CorrectionExamples examples, string signature, HistoryClass? history)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return cacheNamespace + "/" + examples.Tag + ":" + signature + ":" + (history?.Key ?? "unknown");
    }
}

/// <summary>A signature's view (see <see cref="IAlertClassifier.ClassifyAsync"/>) and its history class; null when unknown.</summary>
public sealed record ClassifierQuestion(AlertData View, HistoryClass? History);

/// <summary>What a worker knows of a batch before classifying it: each alert read through its signature, and its history class.</summary>
public sealed record ClassificationContext(IReadOnlyList<Alerts.SignedAlert> Signed, IReadOnlyList<HistoryClass?> History);
