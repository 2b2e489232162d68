using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Modes;

namespace Enrichment.Core;

/// <summary>The <c>Enrichment</c> section (<c>ENRICHMENT_*</c> variables).</summary>
public sealed class EnrichmentOptions : IValidatableObject
{
    public const string Section = "Enrichment";

    /// <summary><c>ENRICHMENT_MODE</c>: the mode at start when none is stored.</summary>
    public string? Mode { get; set; }

    /// <summary>How often a process re-reads the shared mode (a change applies within this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ModePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>ENRICHMENT_TRACE_ALERT_CONTENT</c>: put alert names in span attributes. Off by default: traces often
    /// leave the team that owns the alerts (a shared tracing backend), and alert text can carry hostnames,
    /// customers or secrets.
    /// </summary>
    public bool TraceAlertContent { get; set; }

    /// <summary>
    /// <c>ENRICHMENT_PLUGINS</c>: comma-separated paths of plug-in assemblies, each with a public
    /// <see cref="Plugins.IEnrichmentPlugin"/>. Read by the host while it composes the services.
    /// </summary>
    public string? Plugins { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Mode) && !EnrichmentModes.TryParse(Mode, out _))
        {
            yield return new ValidationResult(
                $"ENRICHMENT_MODE '{Mode}' is not a mode: use transparent, enriched or transparent_with_recommendations.",
                [nameof(Mode)]);
        }
    }
}
