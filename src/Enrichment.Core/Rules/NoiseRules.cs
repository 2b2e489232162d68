using System.Collections.Frozen;
using Enrichment.Contracts;

namespace Enrichment.Core.Rules;

/// <summary>
/// Alerts that are noise by nature: heartbeats that always fire (<c>Watchdog</c>, dead man's
/// switches), inhibition helpers (<c>InfoInhibitor</c>) and test alerts.
/// </summary>
internal static class NoiseRules
{
    /// <summary>Whole alert names, lower case with separators removed.</summary>
    private static readonly FrozenSet<string> NoiseNames = FrozenSet.ToFrozenSet(
    [
        "watchdog", "infoinhibitor", "inhibitor", "alwaysfiring", "heartbeat", "deadmansswitch", "deadmanswitch",
        "deadmanssnitch", "deadmansnitch", "test", "testalert", "alerttest", "testing", "testnotification",
        "dummy", "dummyalert", "examplealert",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NoiseNameLookup = NoiseNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] NoiseFragments = ["deadmansswitch", "deadmanswitch", "deadmanssnitch", "deadmansnitch"];

    /// <summary>First words of an alert name that mark a test (<c>TestAlertForPager</c>), as opposed to "SpeedTest…".</summary>
    private static readonly FrozenSet<string> TestFirstWords = FrozenSet.ToFrozenSet(["test", "testing", "dummy"], StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TestFirstWordLookup = TestFirstWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] TestLabelNames = ["test", "testing", "is_test"];

    /// <summary>Why the alert is noise, or null when it is not.</summary>
    public static string? Why(AlertData alert, string? alertName)
    {
        foreach (var labelName in TestLabelNames)
        {
            if (alert.Labels.TryGetValue(labelName, out var value) && IsTruthy(value))
            {
                return $"label {labelName}='{value}' marks a test alert";
            }
        }

        if (string.IsNullOrWhiteSpace(alertName))
        {
            return null;
        }

        Span<char> compact = stackalloc char[Math.Min(alertName.Length, 256)];
        var length = 0;
        foreach (var c in alertName)
        {
            if (length == compact.Length)
            {
                break;
            }
            if (char.IsLetterOrDigit(c))
            {
                compact[length++] = char.ToLowerInvariant(c);
            }
        }
        var name = compact[..length];
        if (NoiseNameLookup.Contains(name))
        {
            return $"'{alertName}' fires by design (heartbeat, inhibition helper or test)";
        }
        foreach (var fragment in NoiseFragments)
        {
            if (name.Contains(fragment, StringComparison.Ordinal))
            {
                return $"'{alertName}' is a dead man's switch / heartbeat that fires by design";
            }
        }

        var words = new WordEnumerator(alertName, camelCase: true);
        if (words.MoveNext())
        {
            Span<char> lower = stackalloc char[16];
            var first = WordEnumerator.ToLower(words.Current, lower);
            if (first > 0 && TestFirstWordLookup.Contains(lower[..first]))
            {
                return $"'{alertName}' is named as a test alert";
            }
        }
        return null;
    }

    private static bool IsTruthy(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase)
            || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value == "1");
}
