using Enrichment.Contracts;

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
