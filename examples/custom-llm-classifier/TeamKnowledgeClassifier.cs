using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;

namespace TeamKnowledge.Classifier;

/// <summary>
/// Answers from the team's knowledge file; an alert the file does not know gets the built-in
/// rule-based verdict, so every alert still carries a classification.
/// </summary>
public sealed class TeamKnowledgeClassifier(KnowledgeBase knowledge, IRuleClassifier rules) : IAlertClassifier
{
    /// <summary>Answers are cached per alert signature under this namespace; a new file is a new namespace.</summary>
    public string CacheNamespace => $"team-knowledge/{knowledge.Version}";

    public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        IReadOnlyList<ClassifierAnswer> answers = alerts
            .Select(alert => ClassifierAnswer.Answered(knowledge.Find(alert) ?? rules.Classify(alert)))
            .ToList();
        return Task.FromResult(answers);
    }
}
