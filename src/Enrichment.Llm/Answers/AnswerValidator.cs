using System.Globalization;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Llm.Prompting;

namespace Enrichment.Llm.Answers;

/// <summary>
/// Checks one result item against the contract (enums, confidence in 0..1, lengths) and against the
/// bounds code sets on the model: with <c>LLM_PROTECT_CRITICAL</c> on, an alert labelled critical
/// (<see cref="StatedSeverity"/>, as the rules read it) cannot be called <c>noise</c>. A failed check rejects the item, and the rules answer for that alert alone.
/// </summary>
public sealed class AnswerValidator(string provider, string model, bool protectCritical)
{
    public const int MaxSummaryLength = 500;
    public const int MaxReasoningLength = 2000;
    public const int MaxRecommendations = 10;
    public const int MaxRecommendationLength = 500;

    public AlertClassification? Validate(JsonElement item, AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (!TryString(item, "severity", out var severityText) || !TryParseSeverity(severityText, out var severity))
        {
            return null;
        }
        if (!TryString(item, "category", out var categoryText) || !Taxonomy.TryParseCategory(categoryText, out var category))
        {
            return null;
        }
        if (!TryConfidence(item, out var confidence))
        {
            return null;
        }
        if (!TryString(item, "summary", out var summaryText))
        {
            return null;
        }
        var summary = TextSanitizer.Clean(summaryText, int.MaxValue);
        if (summary.Length is 0 or > MaxSummaryLength)
        {
            return null;
        }
        var reasoning = "";
        if (item.TryGetProperty("reasoning", out var reasoningElement) && reasoningElement.ValueKind != JsonValueKind.Null)
        {
            if (reasoningElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            reasoning = TextSanitizer.Clean(reasoningElement.GetString(), int.MaxValue);
            if (reasoning.Length > MaxReasoningLength)
            {
                return null;
            }
        }
        var recommendations = new List<string>();
        if (item.TryGetProperty("recommendations", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxRecommendations)
            {
                return null;
            }
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                var text = TextSanitizer.Clean(entry.GetString(), int.MaxValue);
                if (text.Length > MaxRecommendationLength)
                {
                    return null;
                }
                if (text.Length > 0)
                {
                    recommendations.Add(text);
                }
            }
        }
        if (protectCritical && severity == Severity.Noise && LabelledCritical(alert))
        {
            return null;
        }
        return new AlertClassification
        {
            Severity = severity,
            Category = category.Value,
            Confidence = confidence,
            Summary = summary,
            Reasoning = reasoning,
            Recommendations = recommendations,
            Source = ClassificationSource.Llm,
            Cache = CacheTier.None,
            Provider = provider,
            Model = model,
        };
    }

    /// <summary>The rules' own reading of "labelled critical": <c>priority: P1</c> and <c>severity: sev1</c> count.</summary>
    private static bool LabelledCritical(AlertData alert) => StatedSeverity.IsCritical(alert.Labels);

    private static bool TryParseSeverity(string text, out Severity severity)
    {
        if (Taxonomy.TryParseSeverity(text, out severity))
        {
            return true;
        }
        // Models echo the alert's own vocabulary ("high", "warn") now and then.
        if (Taxonomy.NormalizeSeverityLabel(text) is { } normalized)
        {
            severity = normalized;
            return true;
        }
        return false;
    }

    private static bool TryString(JsonElement item, string name, out string value)
    {
        value = "";
        if (item.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString() ?? "";
            return true;
        }
        return false;
    }

    private static bool TryConfidence(JsonElement item, out double confidence)
    {
        confidence = 0;
        if (!item.TryGetProperty("confidence", out var element))
        {
            return false;
        }
        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out confidence),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out confidence),
            _ => false,
        };
        return ok && double.IsFinite(confidence) && confidence is >= 0 and <= 1;
    }
}
