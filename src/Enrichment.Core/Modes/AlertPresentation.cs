namespace Enrichment.Core.Modes;

/// <summary>
/// An alert as one mode shows it to a target: the labels and annotations to deliver, and the AI
/// fields that mode reveals (null or empty where the mode hides them). Built only by
/// <see cref="ModePresentation"/>, so every notifier agrees on what a mode means.
/// </summary>
public sealed record AlertPresentation
{
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    /// <summary>Shown as the <c>ai_severity</c> label in <c>enriched</c> only.</summary>
    public string? AiSeverity { get; init; }

    /// <summary>Shown as the <c>ai_category</c> label in <c>enriched</c> only.</summary>
    public string? AiCategory { get; init; }

    /// <summary>Shown in <c>enriched</c> and <c>transparent_with_recommendations</c>.</summary>
    public string? AiSummary { get; init; }

    /// <summary>Shown in <c>enriched</c> only.</summary>
    public double? AiConfidence { get; init; }

    /// <summary>Shown in <c>enriched</c> and <c>transparent_with_recommendations</c>.</summary>
    public IReadOnlyList<string> AiRecommendations { get; init; } = [];

    /// <summary>Shown as the <c>ai_novelty</c> label in <c>enriched</c>, when the event carries history.</summary>
    public string? AiNovelty { get; init; }

    /// <summary>Shown as the <c>ai_transient</c> label in <c>enriched</c>, when the event carries history.</summary>
    public bool? AiTransient { get; init; }

    /// <summary>How to correct the verdict (<c>ai_feedback</c>), in <c>enriched</c> and <c>transparent_with_recommendations</c>.</summary>
    public string? FeedbackCommand { get; init; }

    /// <summary>Whether the mode added anything at all (false in <c>transparent</c> and for unclassified alerts).</summary>
    public bool IsEnriched => AiSummary is not null || AiSeverity is not null;
}
