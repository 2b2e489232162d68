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
}
