using System.Globalization;
using Enrichment.Contracts;
using Enrichment.Core.Feedback;

namespace Enrichment.Core.Modes;

/// <summary>
/// The one place that decides how each mode shows an alert (the contract's "Modes, as the
/// Alertmanager notifier shows them"). Pure: the same event always gives the same presentation.
/// <list type="bullet">
/// <item><c>transparent</c>: the alert untouched.</item>
/// <item><c>enriched</c>: labels <c>ai_severity</c>, <c>ai_category</c>, and <c>ai_novelty</c>, <c>ai_transient</c> when
/// the event carries history, <c>ai_incident</c>, <c>ai_incident_role</c> when the alert is in an incident; annotations
/// <c>ai_summary</c>, <c>ai_confidence</c>, <c>ai_recommendations</c>.</item>
/// <item><c>transparent_with_recommendations</c>: labels untouched; annotations <c>ai_summary</c>,
/// <c>ai_recommendations</c>.</item>
/// </list>
/// Given a <see cref="FeedbackLink"/>, both enriching modes also add the annotation <c>ai_feedback</c>: how to correct
/// the verdict. The history labels are stable while an alert fires because the worker decides them at its first firing
/// and keeps them (see <c>AlertMemory</c>), not per notifier process.
/// An event without a classification (transparent, or a batch whose classification failed outright)
/// is shown untouched whatever its mode: there is nothing to add, and inventing values would mislead.
/// </summary>
public static class ModePresentation
{
    public const string SeverityLabel = "ai_severity";
    public const string CategoryLabel = "ai_category";
    public const string SummaryAnnotation = "ai_summary";
    public const string ConfidenceAnnotation = "ai_confidence";
    public const string RecommendationsAnnotation = "ai_recommendations";
    public const string NoveltyLabel = "ai_novelty";
    public const string TransientLabel = "ai_transient";
    public const string FeedbackAnnotation = "ai_feedback";
    public const string IncidentLabel = "ai_incident";
    public const string IncidentRoleLabel = "ai_incident_role";

    /// <summary>Recommendations travel as one annotation, one per line: readable in Alertmanager's UI and easy to split in templates.</summary>
    public const string RecommendationSeparator = "\n";

    public static AlertPresentation Present(AlertEnriched enriched, FeedbackLink? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        var alert = enriched.Alert;
        var classification = enriched.Classification;
        // An unknown mode name (a newer producer) is shown as transparent: never more than the contract promises.
        var mode = EnrichmentModes.TryParse(enriched.Mode, out var parsed) ? parsed : EnrichmentMode.Transparent;
        if (classification is null || mode == EnrichmentMode.Transparent)
        {
            return new AlertPresentation { Labels = alert.Labels, Annotations = alert.Annotations };
        }

        var recommendations = classification.Recommendations.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToArray();
        var annotations = new Dictionary<string, string>(alert.Annotations, StringComparer.Ordinal);
        // ai_* names belong to this project: a value already there (an earlier hop, a stale rule) is replaced, never merged.
        annotations[SummaryAnnotation] = classification.Summary;
        SetOrRemove(annotations, RecommendationsAnnotation, recommendations.Length == 0 ? null : string.Join(RecommendationSeparator, recommendations));
        var command = feedback?.CommandFor(alert.Fingerprint);
        SetOrRemove(annotations, FeedbackAnnotation, command);

        if (mode == EnrichmentMode.TransparentWithRecommendations)
        {
            return new AlertPresentation
            {
                Labels = alert.Labels,
                Annotations = annotations,
                AiSummary = classification.Summary,
                AiRecommendations = recommendations,
                FeedbackCommand = command,
            };
        }

        var labels = new Dictionary<string, string>(alert.Labels, StringComparer.Ordinal)
        {
            [SeverityLabel] = classification.Severity,
            [CategoryLabel] = classification.Category,
        };
        if (enriched.History is { } history)
        {
            labels[NoveltyLabel] = history.Novelty;
            labels[TransientLabel] = history.Transient ? "true" : "false";
        }
        // The incident and the alert's role in it, decided when the alert first fired and kept while it fires (the worker
        // keeps them), so that inhibit_rules can mute symptoms while their root fires without the label set changing.
        if (enriched.Incident is { } incident)
        {
            labels[IncidentLabel] = incident.Id;
            labels[IncidentRoleLabel] = incident.Role;
        }
        else
        {
            labels.Remove(IncidentLabel);
            labels.Remove(IncidentRoleLabel);
        }
        annotations[ConfidenceAnnotation] = FormatConfidence(classification.Confidence);
        return new AlertPresentation
        {
            Labels = labels,
            Annotations = annotations,
            AiSeverity = classification.Severity,
            AiCategory = classification.Category,
            AiSummary = classification.Summary,
            AiConfidence = classification.Confidence,
            AiRecommendations = recommendations,
            AiNovelty = enriched.History?.Novelty,
            AiTransient = enriched.History?.Transient,
            FeedbackCommand = command,
        };
    }

    /// <summary>Two decimals at most, invariant culture: <c>0.9</c>, <c>0.85</c>, <c>1</c>.</summary>
    public static string FormatConfidence(double confidence) =>
        Math.Clamp(confidence, 0, 1).ToString("0.##", CultureInfo.InvariantCulture);

    private static void SetOrRemove(Dictionary<string, string> map, string name, string? value)
    {
        if (value is null)
        {
            map.Remove(name);
        }
        else
        {
            map[name] = value;
        }
    }
}
