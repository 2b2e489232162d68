using System.Text;

namespace Enrichment.IntegrationTests.Gateway.Differential;

/// <summary>
/// One alert of the corpus being built, kept as raw JSON pieces so that it can hold what no JSON object
/// model can: duplicate names, lone surrogate escapes, wrong types, properties in any case.
/// </summary>
internal sealed class AlertDraft
{
    public string? CaseId { get; set; }

    /// <summary>Label entries as raw JSON (name literal, value token).</summary>
    public List<(string Name, string Value)> Labels { get; } = [];

    /// <summary>Replaces the labels object with this raw token (<c>null</c>, <c>[]</c>, …).</summary>
    public string? LabelsRaw { get; set; }

    public bool OmitLabels { get; set; }

    public List<(string Name, string Value)>? Annotations { get; set; }

    public string? AnnotationsRaw { get; set; }

    /// <summary>Raw JSON tokens, or null when absent.</summary>
    public string? StartsAt { get; set; }

    public string? EndsAt { get; set; }

    public string? GeneratorUrl { get; set; }

    /// <summary>Further properties, raw: unknown ones, or known ones in another case or twice.</summary>
    public List<(string Name, string Value)> Extra { get; } = [];

    public DateTimeOffset? StartsAtValue { get; set; }

    public DateTimeOffset? EndsAtValue { get; set; }

    public string Text() => Build(withTimes: true);

    /// <summary>The alert without its times: how a resolved alert is shown to Alertmanager's alert list.</summary>
    public string TextWithoutTimes() => Build(withTimes: false);

    private string Build(bool withTimes)
    {
        var parts = new List<string>();
        if (!OmitLabels)
        {
            parts.Add("\"labels\":" + (LabelsRaw ?? Object(Labels)));
        }
        if (AnnotationsRaw is not null)
        {
            parts.Add("\"annotations\":" + AnnotationsRaw);
        }
        else if (Annotations is not null)
        {
            parts.Add("\"annotations\":" + Object(Annotations));
        }
        if (withTimes && StartsAt is not null)
        {
            parts.Add("\"startsAt\":" + StartsAt);
        }
        if (withTimes && EndsAt is not null)
        {
            parts.Add("\"endsAt\":" + EndsAt);
        }
        if (GeneratorUrl is not null)
        {
            parts.Add("\"generatorURL\":" + GeneratorUrl);
        }
        parts.AddRange(Extra.Select(e => e.Name + ":" + e.Value));
        return "{" + string.Join(",", parts) + "}";
    }

    public static string Object(IEnumerable<(string Name, string Value)> entries)
    {
        var builder = new StringBuilder("{");
        foreach (var (name, value) in entries)
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }
            builder.Append(name).Append(':').Append(value);
        }
        return builder.Append('}').ToString();
    }
}
