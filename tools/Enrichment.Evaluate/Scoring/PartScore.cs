using Enrichment.Core.Classification;
using Enrichment.Evaluate.Data;

namespace Enrichment.Evaluate.Scoring;

/// <summary>A labelled alert and the answer it got (null: none).</summary>
public sealed record ScoredAlert(LabelledAlert Labelled, AlertClassification? Actual)
{
    public bool CategoryWrong => Labelled.ExpectedCategory is { } expected && Actual?.Category != expected;

    public bool SeverityWrong => Labelled.ExpectedSeverity is { } expected && Actual?.Severity != expected;
}

/// <summary>Scores of one part of a labelled file (tuning, held back, or all of it).</summary>
public sealed class PartScore
{
    public PartScore(string name, IEnumerable<ScoredAlert> alerts)
    {
        Name = name;
        var services = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var misses = new List<ScoredAlert>();
        foreach (var scored in alerts)
        {
            Alerts++;
            if (scored.Labelled.Service.Length > 0)
            {
                services.Add(scored.Labelled.Service);
            }
            if (scored.Labelled.ExpectedCategory is { } category)
            {
                Category.Add(category, scored.Actual?.Category);
            }
            if (scored.Labelled.ExpectedSeverity is { } severity)
            {
                Severity.Add(severity, scored.Actual?.Severity);
            }
            if (scored.CategoryWrong || scored.SeverityWrong)
            {
                misses.Add(scored);
            }
        }
        Services = services.Count;
        Misses = misses;
    }

    public string Name { get; }

    public int Alerts { get; }

    public int Services { get; }

    public ConfusionMatrix<AlertCategory> Category { get; } = new(Taxonomy.Categories);

    public ConfusionMatrix<Severity> Severity { get; } = new(Taxonomy.Severities);

    /// <summary>Alerts with a wrong category or severity, in file order.</summary>
    public IReadOnlyList<ScoredAlert> Misses { get; }
}
