using Enrichment.Evaluate.Data;
using Enrichment.Evaluate.Replay;

namespace Enrichment.Evaluate.Tests;

/// <summary>The labelled files the tool ships with (copied next to its binaries), read once per test run.</summary>
internal static class TestFiles
{
    public static readonly Lazy<IReadOnlyList<LabelledAlert>> Corpus = new(() => LabelledAlertReader.ReadFile(PathOf("corpus", "awesome-prometheus-alerts.jsonl")));

    public static readonly Lazy<IReadOnlyList<LabelledAlert>> OwnAlerts = new(() => LabelledAlertReader.ReadFile(PathOf("alerts-own.jsonl")));

    /// <summary>The held-back share of <c>tests/data/alerts-own.jsonl</c>: half of its services.</summary>
    public const int OwnAlertsHeldBackPercent = 50;

    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    public static async Task<Evaluation> ByRulesAsync(IReadOnlyList<LabelledAlert> alerts, int heldBackPercent)
    {
        using var classifier = ReplayClassifier.Create(rulesOnly: true);
        return await Replayer.RunAsync("test", alerts, classifier, new HeldBackSplit(heldBackPercent));
    }
}
