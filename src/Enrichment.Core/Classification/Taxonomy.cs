using System.Diagnostics.CodeAnalysis;

namespace Enrichment.Core.Classification;

/// <summary>Wire names of the taxonomy and severity normalisation, exactly as the contract spells them.</summary>
public static class Taxonomy
{
    private static readonly Dictionary<string, Severity> SeverityAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = Severity.Critical, ["crit"] = Severity.Critical, ["page"] = Severity.Critical,
        ["p1"] = Severity.Critical, ["high"] = Severity.Critical, ["error"] = Severity.Critical,
        ["emergency"] = Severity.Critical, ["fatal"] = Severity.Critical,
        ["warning"] = Severity.Warning, ["warn"] = Severity.Warning, ["p2"] = Severity.Warning,
        ["p3"] = Severity.Warning, ["medium"] = Severity.Warning,
        ["info"] = Severity.Info, ["informational"] = Severity.Info, ["low"] = Severity.Info,
        ["p4"] = Severity.Info, ["p5"] = Severity.Info, ["none"] = Severity.Info, ["notice"] = Severity.Info,
    };

    public static IReadOnlyList<AlertCategory> Categories { get; } = Enum.GetValues<AlertCategory>();

    public static IReadOnlyList<Severity> Severities { get; } = Enum.GetValues<Severity>();

    /// <summary>Normalises a <c>severity</c> label value; null when it is not one the contract knows.</summary>
    public static Severity? NormalizeSeverityLabel(string? value) =>
        value is not null && SeverityAliases.TryGetValue(value.Trim(), out var severity) ? severity : null;

    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        Severity.Info => "info",
        Severity.Noise => "noise",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    public static string ToWire(this AlertCategory category) => category switch
    {
        AlertCategory.Cicd => "cicd",
        _ => category.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a classifier's severity verdict (the four wire names, case-insensitive).</summary>
    public static bool TryParseSeverity(string? value, out Severity severity)
    {
        foreach (var candidate in Severities)
        {
            if (string.Equals(candidate.ToWire(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }
        severity = default;
        return false;
    }

    public static bool TryParseCategory(string? value, [NotNullWhen(true)] out AlertCategory? category)
    {
        foreach (var candidate in Categories)
        {
            if (string.Equals(candidate.ToWire(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                category = candidate;
                return true;
            }
        }
        category = null;
        return false;
    }
}
