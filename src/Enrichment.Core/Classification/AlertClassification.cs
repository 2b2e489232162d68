using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Classification;

/// <summary>A verdict on one alert, with where it came from.</summary>
public sealed record AlertClassification
{
    public required Severity Severity { get; init; }

    public required AlertCategory Category { get; init; }

    /// <summary>0..1.</summary>
    public required double Confidence { get; init; }

    public required string Summary { get; init; }

    public string Reasoning { get; init; } = "";

    public IReadOnlyList<string> Recommendations { get; init; } = [];

    public string Source { get; init; } = ClassificationSource.Rules;

    public string Cache { get; init; } = CacheTier.None;

    public string? Provider { get; init; }

    public string? Model { get; init; }

    public string? DegradedReason { get; init; }

    /// <summary>
    /// This answer for one alert: the <see cref="Placeholders"/> in its summary, reasoning and
    /// recommendations replaced by that alert's own values. Cached answers keep the marks; every
    /// event gets its own rendering. Returns this answer itself when it holds no mark.
    /// </summary>
    public AlertClassification RenderFor(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var summary = Placeholders.Render(Summary, values);
        var reasoning = Placeholders.Render(Reasoning, values);
        var recommendations = Recommendations;
        for (var i = 0; i < Recommendations.Count; i++)
        {
            var rendered = Placeholders.Render(Recommendations[i], values);
            if (!ReferenceEquals(rendered, Recommendations[i]))
            {
                recommendations = Recommendations.Select(r => Placeholders.Render(r, values)).ToList();
                break;
            }
        }
        if (ReferenceEquals(summary, Summary) && ReferenceEquals(reasoning, Reasoning) && ReferenceEquals(recommendations, Recommendations))
        {
            return this;
        }
        return this with { Summary = summary, Reasoning = reasoning, Recommendations = recommendations };
    }

    /// <summary>The message shape (<see cref="ClassificationData"/>), as events carry it and the L2 cache stores it.</summary>
    public ClassificationData ToData() => new()
    {
        Severity = Severity.ToWire(),
        Category = Category.ToWire(),
        Confidence = Math.Round(Confidence, 3),
        Summary = Summary,
        Reasoning = Reasoning,
        Recommendations = Recommendations,
        Source = Source,
        Cache = Cache,
        Provider = Provider,
        Model = Model,
        DegradedReason = DegradedReason,
    };

    /// <summary>
    /// The other direction of <see cref="ToData"/>: null when the severity or category is no wire name this version
    /// knows (a value written by another version), so that the caller can treat it as absent.
    /// </summary>
    /// <param name="data">The message shape.</param>
    /// <param name="cache">Where the answer was found (<see cref="CacheTier"/>); the stored value does not say.</param>
    public static AlertClassification? FromData(ClassificationData data, string cache)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Taxonomy.TryParseSeverity(data.Severity, out var severity) || !Taxonomy.TryParseCategory(data.Category, out var category))
        {
            return null;
        }
        return new AlertClassification
        {
            Severity = severity,
            Category = category.Value,
            Confidence = data.Confidence,
            Summary = data.Summary,
            Reasoning = data.Reasoning,
            Recommendations = data.Recommendations,
            Source = data.Source,
            Cache = cache,
            Provider = data.Provider,
            Model = data.Model,
            DegradedReason = data.DegradedReason,
        };
    }
}
