using System.Text.RegularExpressions;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Reads metric names out of Prometheus text exposition.</summary>
public static partial class PrometheusExposition
{
    /// <summary>Every name a query could use: families from <c># TYPE</c> lines and every sample's name (<c>_bucket</c>, <c>_sum</c>, …).</summary>
    public static HashSet<string> Names(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                names.Add(line.Split(' ')[2]);
            }
            else if (line.Length > 0 && line[0] != '#' && SampleName().Match(line) is { Success: true } match)
            {
                names.Add(match.Value);
            }
        }
        return names;
    }

    /// <summary>Names that have at least one sample (not just HELP/TYPE).</summary>
    public static HashSet<string> SampledNames(string exposition) =>
        exposition.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => SampleName().Match(l)).Where(m => m.Success).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The value of one sample, named with its labels exactly as exposed (<c>name{a="b"}</c>); 0 when absent.</summary>
    public static double Sample(string exposition, string series)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
