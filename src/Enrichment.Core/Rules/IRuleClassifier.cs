using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// The classifier that always answers: fast, offline, deterministic. It stands in when no model is
/// configured and whenever the model cannot answer.
/// </summary>
public interface IRuleClassifier
{
    AlertClassification Classify(AlertData alert);
}
