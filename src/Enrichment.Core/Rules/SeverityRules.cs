using System.Collections.Frozen;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// Severity: the alert's own label when it carries one the contract knows (<c>severity</c>, then
/// <c>priority</c>, then <c>level</c>); otherwise inferred from the words of its name and summary.
/// </summary>
internal static class SeverityRules
{
    private static readonly string[] SeverityLabelNames = ["severity", "priority", "level"];

    /// <summary>
    /// Values common in other tools (Zabbix, Opsgenie, PagerDuty-style) that the contract does not
    /// list. They are only consulted after the contract's own normalisation fails.
    /// </summary>
    private static readonly FrozenDictionary<string, Severity> ExtraAliases = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase)
    {
        ["disaster"] = Severity.Critical, ["major"] = Severity.Critical, ["severe"] = Severity.Critical,
        ["urgent"] = Severity.Critical, ["alert"] = Severity.Critical, ["sev1"] = Severity.Critical, ["sev0"] = Severity.Critical,
        ["minor"] = Severity.Warning, ["average"] = Severity.Warning, ["moderate"] = Severity.Warning,
        ["sev2"] = Severity.Warning, ["sev3"] = Severity.Warning,
        ["information"] = Severity.Info, ["debug"] = Severity.Info, ["sev4"] = Severity.Info, ["sev5"] = Severity.Info,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> CriticalWords = FrozenSet.ToFrozenSet(
    [
        "down", "critical", "crit", "fatal", "emergency", "failed", "failing", "failure", "failures", "outage",
        "unavailable", "unreachable", "offline", "dead", "crashed", "crashing", "crashloop", "crashlooping",
        "lost", "expired", "corrupt", "corrupted", "corruption", "panic", "unhealthy", "halted", "nodata",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> InfoWords = FrozenSet.ToFrozenSet(
        ["info", "informational", "notice", "underutilized", "underutilised"], StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CriticalLookup = CriticalWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> InfoLookup = InfoWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The severity and a short note on what it is based on.</summary>
    public static (Severity Severity, string Basis) Resolve(AlertData alert, string? alertName, string? summary)
    {
        foreach (var name in SeverityLabelNames)
        {
            if (alert.Labels.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                var normalized = Taxonomy.NormalizeSeverityLabel(value);
                if (normalized is null && ExtraAliases.TryGetValue(value.Trim(), out var extra))
                {
                    normalized = extra;
                }
                if (normalized is { } severity)
                {
                    return (severity, $"{name} label '{value.Trim()}'");
                }
            }
        }

        var inferred = Infer(alertName, camelCase: true) ?? Infer(summary, camelCase: false);
        return inferred switch
        {
            { } found => (found.Severity, $"no severity label; inferred from '{found.Word}'"),
            null => (Severity.Warning, "no severity label; warning by default"),
        };
    }

    private static (Severity Severity, string Word)? Infer(string? text, bool camelCase)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        Span<char> lower = stackalloc char[64];
        (Severity, string)? info = null;
        var words = new WordEnumerator(text, camelCase);
        while (words.MoveNext())
        {
            var word = words.Current;
            var length = WordEnumerator.ToLower(word, lower);
            if (length == 0)
            {
                continue;
            }
            var span = lower[..length];
            if (CriticalLookup.TryGetValue(span, out var critical))
            {
                return (Severity.Critical, critical);
            }
            if (info is null && InfoLookup.TryGetValue(span, out var infoWord))
            {
                info = (Severity.Info, infoWord);
            }
        }
        return info;
    }
}
