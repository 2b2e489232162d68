using System.Diagnostics.CodeAnalysis;

namespace Enrichment.Core.Modes;

/// <summary>What the pipeline does to an alert; switchable at run time for every worker at once.</summary>
public enum EnrichmentMode
{
    /// <summary>No AI: the alert passes untouched. The default.</summary>
    Transparent,

    /// <summary>Labels <c>ai_severity</c>, <c>ai_category</c> and annotations added.</summary>
    Enriched,

    /// <summary>Labels untouched; <c>ai_summary</c> and <c>ai_recommendations</c> annotations added.</summary>
    TransparentWithRecommendations,
}

public static class EnrichmentModes
{
    public const string TransparentName = "transparent";
    public const string EnrichedName = "enriched";
    public const string TransparentWithRecommendationsName = "transparent_with_recommendations";

    public static string ToWire(this EnrichmentMode mode) => mode switch
    {
        EnrichmentMode.Transparent => TransparentName,
        EnrichmentMode.Enriched => EnrichedName,
        EnrichmentMode.TransparentWithRecommendations => TransparentWithRecommendationsName,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static bool TryParse([NotNullWhen(true)] string? value, out EnrichmentMode mode)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case TransparentName: mode = EnrichmentMode.Transparent; return true;
            case EnrichedName: mode = EnrichmentMode.Enriched; return true;
            case TransparentWithRecommendationsName: mode = EnrichmentMode.TransparentWithRecommendations; return true;
            default: mode = default; return false;
        }
    }

    /// <summary>Whether the mode needs a classification at all (transparent costs nothing).</summary>
    public static bool NeedsClassification(this EnrichmentMode mode) => mode != EnrichmentMode.Transparent;
}
