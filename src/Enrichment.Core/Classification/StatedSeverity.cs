using System.Collections.Frozen;

namespace Enrichment.Core.Classification;

/// <summary>
/// The severity an alert states for itself in its labels: the one reading of "labelled critical" that the rules
/// (which take it as their verdict) and <c>LLM_PROTECT_CRITICAL</c> (which forbids a model to call such an alert
/// <c>noise</c>) share, so that an alert the rules call critical is protected too.
/// <para>
/// The first of <c>severity</c>, <c>priority</c>, <c>level</c> whose value is known wins: the contract's names
/// (<see cref="Taxonomy.NormalizeSeverityLabel"/>), then those other tools use (<c>sev1</c>, <c>major</c>,
/// <c>disaster</c>, …).
/// </para>
/// </summary>
public static class StatedSeverity
{
    /// <summary>The labels read, in order.</summary>
    public static IReadOnlyList<string> LabelNames { get; } = ["severity", "priority", "level"];

    /// <summary>
    /// Values common in other tools (Zabbix, Opsgenie, PagerDuty-style) that the contract does not list; only
    /// consulted after the contract's own normalisation fails.
    /// </summary>
    private static readonly FrozenDictionary<string, Severity> ExtraAliases = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase)
    {
        ["disaster"] = Severity.Critical, ["major"] = Severity.Critical, ["severe"] = Severity.Critical,
        ["urgent"] = Severity.Critical, ["alert"] = Severity.Critical, ["sev1"] = Severity.Critical, ["sev0"] = Severity.Critical,
        ["minor"] = Severity.Warning, ["average"] = Severity.Warning, ["moderate"] = Severity.Warning,
        ["sev2"] = Severity.Warning, ["sev3"] = Severity.Warning,
        ["information"] = Severity.Info, ["debug"] = Severity.Info, ["sev4"] = Severity.Info, ["sev5"] = Severity.Info,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>One label value, normalised; null when it is no severity either list knows.</summary>
    public static Severity? Normalize(string? value) =>
        Taxonomy.NormalizeSeverityLabel(value)
        ?? (value is not null && ExtraAliases.TryGetValue(value.Trim(), out var extra) ? extra : null);

    /// <summary>The severity the labels state, with the label and the value it was read from; null when none does.</summary>
    public static (Severity Severity, string Label, string Value)? Of(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var name in LabelNames)
        {
            if (labels.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) && Normalize(value) is { } severity)
            {
                return (severity, name, value.Trim());
            }
        }
        return null;
    }

    /// <summary>Whether the alert is labelled critical (<c>severity: page</c>, <c>priority: P1</c>, <c>severity: sev1</c>, …).</summary>
    public static bool IsCritical(IReadOnlyDictionary<string, string> labels) => Of(labels)?.Severity == Severity.Critical;
}
