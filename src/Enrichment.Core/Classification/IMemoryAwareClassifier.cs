using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.Core.History;

namespace Enrichment.Core.Classification;

/// <summary>
/// A classifier that also takes what the service remembers: each alert's history class (new, rare, recurring,
/// transient), and recent corrections people made, as examples. The chain then caches its answers per history class
/// and per set of examples (<see cref="CorrectionExamples.Tag"/>), so an answer is never reused where the model was told
/// something else. The BYOK model implements it; a plain <see cref="IAlertClassifier"/> is asked as before.
/// </summary>
public interface IMemoryAwareClassifier : IAlertClassifier
{
    /// <summary>As <see cref="IAlertClassifier.ClassifyAsync"/>, one answer per question, in order.</summary>
    Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(
        IReadOnlyList<ClassifierQuestion> questions,
        IReadOnlyList<CorrectionExample> examples,
        CancellationToken cancellationToken);
}

/// <summary>A signature's view (see <see cref="IAlertClassifier.ClassifyAsync"/>) and its history class; null when unknown.</summary>
public sealed record ClassifierQuestion(AlertData View, HistoryClass? History);

/// <summary>What a worker knows of a batch before classifying it: each alert read through its signature, and its history class.</summary>
public sealed record ClassificationContext(IReadOnlyList<Alerts.SignedAlert> Signed, IReadOnlyList<HistoryClass?> History);
