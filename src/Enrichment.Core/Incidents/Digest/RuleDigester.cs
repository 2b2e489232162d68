using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;

namespace Enrichment.Core.Incidents.Digest;

/// <summary>
/// The digest when no model writes one: the rules' root, what the incident spans, and the rules' first steps for the
/// root. Always answers.
/// </summary>
public sealed class RuleDigester(IRuleClassifier rules)
{
    public IncidentDigestData Digest(DigestInput input, string? degradedReason)
    {
        ArgumentNullException.ThrowIfNull(input);
        var root = input.Members.Count > 0 ? input.Members[Math.Clamp(input.RootIndex, 0, input.Members.Count - 1)] : null;
        var rootName = root?.View.Labels.GetValueOrDefault("alertname") ?? "incident";
        var verdict = root is null ? null : Safe(root.View);
        var others = input.Members.Count - 1;
        var title = others > 0 ? $"{rootName}: {{{{alerts}}}} alerts" : rootName;
        var summary = (verdict?.Summary ?? rootName).TrimEnd();
        if (others > 0)
        {
            var names = string.Join(", ", input.Members.Where((_, i) => i != input.RootIndex).Select(Name).Distinct(StringComparer.Ordinal).Take(5));
            summary += (summary.EndsWith('.') ? "" : ".") + (input.RootByEvidence
                ? $" It probably explains the other alerts ({names})."
                : $" Grouped with {names} by scope and time; no rule says which caused which.");
        }
        var scope = input.Scope.Count == 0 ? "" : " in " + string.Join(", ", input.Scope.Select(p => $"{p.Key}={p.Value}"));
        return new IncidentDigestData
        {
            Title = title,
            Summary = summary,
            BlastRadius = $"{{{{alerts}}}} alerts on {{{{hosts}}}} hosts and {{{{services}}}} services{scope}; categories: {string.Join(", ", input.Categories)}.",
            Steps = (verdict?.Recommendations ?? []).Take(3).ToList(),
            Source = ClassificationSource.Rules,
            DegradedReason = degradedReason,
        };
    }

    private static string Name(DigestMember member) => member.View.Labels.GetValueOrDefault("alertname") ?? member.Signature[..8];

    private AlertClassification? Safe(AlertData view)
    {
        try
        {
            return rules.Classify(view);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
