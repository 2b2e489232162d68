using System.Collections.Frozen;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// Severity: the alert's own label when it states one (<see cref="StatedSeverity"/>: <c>severity</c>, then
/// <c>priority</c>, then <c>level</c>); otherwise inferred from the words of its name and summary.
/// </summary>
internal static class SeverityRules
{
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
        if (StatedSeverity.Of(alert.Labels) is { } stated)
        {
            return (stated.Severity, $"{stated.Label} label '{stated.Value}'");
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
