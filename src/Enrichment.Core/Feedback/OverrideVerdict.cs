using System.Globalization;
using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;

namespace Enrichment.Core.Feedback;

/// <summary>
/// A correction applied to one alert: its severity and category, with the rules' reading of this very alert for the
/// rest (the summary speaks of the alert's own labels), the note as reasoning, full confidence, <c>source: override</c>.
/// The model is not asked: a person has answered for the signature.
/// </summary>
public static class OverrideVerdict
{
    public static AlertClassification Apply(SignatureOverride correction, AlertClassification rules, AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(alert);
        var severity = Taxonomy.TryParseSeverity(correction.Severity, out var s) ? s : rules.Severity;
        var category = Taxonomy.TryParseCategory(correction.Category, out var c) ? c.Value : rules.Category;
        var recommendations = severity == rules.Severity && category == rules.Category
            ? rules.Recommendations
            : Recommendations.For(category, severity == Severity.Noise, RunbookOf(alert));
        var when = correction.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return new AlertClassification
        {
            Severity = severity,
            Category = category,
            Confidence = 1.0,
            Summary = rules.Summary,
            Reasoning = string.IsNullOrWhiteSpace(correction.Note)
                ? $"Corrected by on-call ({correction.By}, {when})."
                : $"Corrected by on-call ({correction.By}, {when}): {correction.Note.Trim()}",
            Recommendations = recommendations,
            Source = ClassificationSource.Override,
        };
    }

    private static string? RunbookOf(AlertData alert) =>
        alert.Annotations.GetValueOrDefault("runbook_url") is { Length: > 0 } url ? url : alert.Annotations.GetValueOrDefault("runbook");
}
