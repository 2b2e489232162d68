using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Evaluate.Data;

/// <summary>
/// One alert of a labelled file and the verdict a person gave it. Either expectation may be missing (a
/// correction may fix only the category): a missing one is not scored.
/// </summary>
public sealed record LabelledAlert(
    AlertData Alert,
    AlertCategory? ExpectedCategory,
    Severity? ExpectedSeverity,
    string Service,
    string Group,
    int LineNumber)
{
    public string AlertName => Alert.Labels.GetValueOrDefault("alertname") ?? "(no alertname)";
}
