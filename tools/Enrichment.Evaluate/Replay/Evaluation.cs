using System.Diagnostics;
using Enrichment.Core.Classification;
using Enrichment.Evaluate.Data;
using Enrichment.Evaluate.Scoring;

namespace Enrichment.Evaluate.Replay;

/// <summary>The outcome of one replay: scores of the tuning and held-back parts and of the whole file, and what it cost.</summary>
public sealed record Evaluation(
    string Source,
    string Classifier,
    HeldBackSplit Split,
    PartScore Tuning,
    PartScore HeldBack,
    PartScore All,
    IReadOnlyList<ScoredAlert> Alerts,
    ModelUsage Usage,
    TimeSpan Elapsed)
{
    /// <summary>Answers by origin: <c>llm</c>, <c>rules</c>, <c>plugin</c>, or <c>none</c> for an alert left unanswered.</summary>
    public IReadOnlyDictionary<string, int> AnswersBySource => Alerts
        .GroupBy(a => a.Actual is null ? "none" : a.Actual.Source.ToString().ToLowerInvariant())
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Why the rules answered instead of the model, where they did (<c>timeout</c>, <c>invalid_output</c>, …).</summary>
    public IReadOnlyDictionary<string, int> DegradedReasons => Alerts
        .Where(a => a.Actual?.DegradedReason is { Length: > 0 } && a.Actual.DegradedReason != DegradedReason.LlmDisabled)
        .GroupBy(a => a.Actual!.DegradedReason!)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>Replays labelled alerts through a classifier, a batch at a time, as a worker receives them.</summary>
public static class Replayer
{
    /// <summary>Alerts per batch: a worker's batch, and enough for the model's multi-alert prompts to fill.</summary>
    public const int DefaultBatchSize = 100;

    public static async Task<Evaluation> RunAsync(
        string source,
        IReadOnlyList<LabelledAlert> alerts,
        ReplayClassifier classifier,
        HeldBackSplit split,
        int batchSize = DefaultBatchSize,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var started = Stopwatch.GetTimestamp();
        var scored = new List<ScoredAlert>(alerts.Count);
        for (var start = 0; start < alerts.Count; start += batchSize)
        {
            var batch = alerts.Skip(start).Take(batchSize).ToList();
            var answers = await classifier.ClassifyAsync(batch.Select(a => a.Alert).ToList(), cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                scored.Add(new ScoredAlert(batch[i], answers[i]));
            }
            progress?.Report(scored.Count);
        }
        return new Evaluation(
            source,
            classifier.Description,
            split,
            new PartScore("tuning", scored.Where(s => !split.IsHeldBack(s.Labelled.Service))),
            new PartScore("held-back", scored.Where(s => split.IsHeldBack(s.Labelled.Service))),
            new PartScore("all", scored),
            scored,
            classifier.Usage,
            Stopwatch.GetElapsedTime(started));
    }
}
