using System.ComponentModel.DataAnnotations;

namespace Enrichment.Core.Incidents;

/// <summary>The <c>Incident</c> section (<c>INCIDENT_*</c> variables): how alerts are grouped into incidents.</summary>
public sealed class IncidentOptions : IValidatableObject
{
    public const string Section = "Incident";

    /// <summary><c>INCIDENT_ENABLED</c>: group alerts into incidents; off, every event carries <c>incident: null</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>INCIDENT_WINDOW</c>: how far apart two related alerts may start and still join one incident.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "INCIDENT_WINDOW must be between 1s and 24h.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>INCIDENT_SCOPE_LABELS</c>: labels that put alerts in one scope, broadest first. Alerts that carry the same values
    /// of at least two of them (so more than the broadest alone, which is usually the whole cluster) share a scope.
    /// </summary>
    public string ScopeLabels { get; set; } = "cluster,namespace,service,job";

    /// <summary><c>INCIDENT_RESOLVE_GRACE</c>: how long an incident whose members all resolved stays open for a relapse.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "INCIDENT_RESOLVE_GRACE must be between 0s and 24h.")]
    public TimeSpan ResolveGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>INCIDENT_UPDATE_DELAY</c>: changes of one incident gather this long (from the first) before one
    /// <c>IncidentUpdated</c> goes out and its digest is made: a storm is one message and one model call, not one per batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "INCIDENT_UPDATE_DELAY must be between 0s and 10m.")]
    public TimeSpan UpdateDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>INCIDENT_UPDATE_INTERVAL</c>: after an incident's update went out, an update that says only that it grew waits at
    /// least this long; a new root or its resolution goes out after <c>INCIDENT_UPDATE_DELAY</c> as ever. A storm that
    /// keeps growing for ten minutes is a handful of messages, not one per delay.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "INCIDENT_UPDATE_INTERVAL must be between 0s and 1h.")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>INCIDENT_MAX_MEMBERS</c>: members tracked per incident; later ones still join (and count) but are not listed.</summary>
    [Range(1, 100_000, ErrorMessage = "INCIDENT_MAX_MEMBERS must be between 1 and 100000.")]
    public int MaxMembers { get; set; } = 500;

    /// <summary><c>INCIDENT_MAX_OPEN</c>: open incidents at most; beyond it the one updated longest ago is closed.</summary>
    [Range(1, 100_000, ErrorMessage = "INCIDENT_MAX_OPEN must be between 1 and 100000.")]
    public int MaxOpen { get; set; } = 500;

    /// <summary><c>INCIDENT_RETENTION</c>: how long a resolved incident is still shown by <c>GET /api/v1/incidents</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "INCIDENT_RETENTION must be between 0s and 7d.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> ScopeLabelList() =>
        (ScopeLabels ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var labels = ScopeLabelList();
        if (labels.Count == 0)
        {
            yield return new ValidationResult("INCIDENT_SCOPE_LABELS must name at least one label, e.g. cluster,namespace,service,job.", [nameof(ScopeLabels)]);
        }
        foreach (var label in labels.Where(l => !IsLabelName(l)))
        {
            yield return new ValidationResult($"INCIDENT_SCOPE_LABELS: '{label}' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*).", [nameof(ScopeLabels)]);
        }
    }

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
