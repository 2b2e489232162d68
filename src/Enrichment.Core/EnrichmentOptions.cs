using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Modes;

namespace Enrichment.Core;

/// <summary>The <c>Enrichment</c> section (<c>ENRICHMENT_*</c> variables).</summary>
public sealed class EnrichmentOptions : IValidatableObject
{
    public const string Section = "Enrichment";

    /// <summary>The role names <c>ENRICHMENT_ROLES</c> takes; <c>all</c> is the three.</summary>
    public static readonly IReadOnlyList<string> RoleNames = ["gateway", "worker", "notifier", "all"];

    /// <summary>
    /// <c>ENRICHMENT_ROLES</c>: comma-separated roles this process runs (<c>gateway</c>, <c>worker</c>,
    /// <c>notifier</c>, <c>all</c>). One binary, roles chosen by configuration, as Loki and Mimir run with <c>-target=</c>.
    /// </summary>
    public string Roles { get; set; } = "all";

    /// <summary>The role names given, lower-cased; every name when none is.</summary>
    public IReadOnlyList<string> RoleList()
    {
        var names = (Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).ToList();
        return names.Count == 0 ? ["all"] : names;
    }

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
        foreach (var role in RoleList().Where(r => !RoleNames.Contains(r)))
        {
            yield return new ValidationResult(
                $"ENRICHMENT_ROLES: unknown role '{role}'; use gateway, worker, notifier or all (comma-separated).", [nameof(Roles)]);
        }
        if (!string.IsNullOrWhiteSpace(Mode) && !EnrichmentModes.TryParse(Mode, out _))
        {
            yield return new ValidationResult(
                $"ENRICHMENT_MODE '{Mode}' is not a mode: use transparent, enriched or transparent_with_recommendations.",
                [nameof(Mode)]);
        }
    }
}
