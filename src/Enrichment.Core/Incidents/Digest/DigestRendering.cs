using System.Text.RegularExpressions;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Incidents.Digest;

/// <summary>
/// A digest as an incident shows it: its marks replaced by the incident's own figures (<c>{{alerts}}</c>,
/// <c>{{hosts}}</c>, <c>{{services}}</c>) and by the root alert's values (<c>{{labels.node}}</c>, <c>{{num1}}</c>). A digest
/// is cached by the incident's kinds of alert, so another incident of the same kinds shows it with its own values.
/// </summary>
public static partial class DigestRendering
{
    public static readonly IReadOnlyList<string> FigureNames = ["alerts", "hosts", "services"];

    public static IncidentDigestData Render(IncidentDigestData raw, IReadOnlyDictionary<string, string> figures, IReadOnlyDictionary<string, string> rootValues)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(rootValues);
        string Text(string value) => Figures(Placeholders.Render(value, rootValues), figures);
        return raw with
        {
            Title = Text(raw.Title),
            Summary = Text(raw.Summary),
            BlastRadius = Text(raw.BlastRadius),
            Steps = raw.Steps.Select(Text).ToList(),
        };
    }

    private static string Figures(string text, IReadOnlyDictionary<string, string> figures)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }
        try
        {
            return FigureMark().Replace(text, m => figures.TryGetValue(m.Groups["name"].Value.ToLowerInvariant(), out var value) ? value : m.Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return text;
        }
    }

    [GeneratedRegex(@"\{\{\s*[$.]?\s*(?<name>(?i:alerts|hosts|services))\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex FigureMark();
}
