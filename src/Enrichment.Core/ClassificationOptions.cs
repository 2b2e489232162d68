using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Alerts;

namespace Enrichment.Core;

/// <summary>The classification chain's part of the <c>Llm</c> section (<c>LLM_ENABLE_CACHE</c>, <c>LLM_CACHE_*</c>, <c>LLM_ENABLE_FALLBACK</c>).</summary>
public sealed class ClassificationOptions : IValidatableObject
{
    public const string Section = "Llm";

    /// <summary><c>LLM_ENABLE_CACHE</c>: the two-tier classification cache.</summary>
    public bool EnableCache { get; set; } = true;

    /// <summary><c>LLM_CACHE_TTL</c>: L2 lifetime of a model classification.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// <c>LLM_CACHE_L1_SIZE</c>: signatures kept in process memory (L1) at most; the least recently
    /// used go first. 10,000 answers are a few megabytes.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "LLM_CACHE_L1_SIZE must be between 1 and 10000000.")]
    public int CacheL1Size { get; set; } = 10_000;

    /// <summary>
    /// <c>LLM_CACHE_IGNORE_LABELS</c>: labels whose values are left out of an alert's signature (comma-separated);
    /// a classifier sees them as marks (<c>{{labels.instance}}</c>). Never <c>alertname</c> or <c>severity</c>.
    /// </summary>
    public string CacheIgnoreLabels { get; set; } = string.Join(", ", AlertSignature.DefaultIgnoredLabels);

    /// <summary><c>LLM_ENABLE_FALLBACK</c>: the rule-based answer when the model fails; otherwise the alert goes out unclassified.</summary>
    public bool EnableFallback { get; set; } = true;

    public IReadOnlyList<string> IgnoredLabels() =>
        CacheIgnoreLabels.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Alerts labelled critical and warning must not share one answer, and LLM_PROTECT_CRITICAL must see the label.
        foreach (var kept in AlertSignature.NeverIgnoredLabels.Intersect(IgnoredLabels(), StringComparer.Ordinal))
        {
            yield return new ValidationResult($"LLM_CACHE_IGNORE_LABELS cannot leave '{kept}' out of the signature.", [nameof(CacheIgnoreLabels)]);
        }
    }
}
