using System.Text.Json.Serialization;

namespace Enrichment.Contracts;

/// <summary>The classification as the enriched event carries it; values are the contract's wire names.</summary>
public sealed record ClassificationData
{
    public required string Severity { get; init; }

    public required string Category { get; init; }

    public required double Confidence { get; init; }

    public required string Summary { get; init; }

    public string Reasoning { get; init; } = "";

    public IReadOnlyList<string> Recommendations { get; init; } = [];

    /// <summary><c>llm</c> or <c>rules</c>.</summary>
    public required string Source { get; init; }

    /// <summary><c>none</c>, <c>l1</c> or <c>l2</c>.</summary>
    public string Cache { get; init; } = "none";

    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>Null when the configured classifier answered; otherwise why the rules answered instead.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? DegradedReason { get; init; }
}
