using Enrichment.Core.Rules;
using Enrichment.Core.Rules.Evaluation;

namespace Enrichment.Core.Tests.Rules;

/// <summary>
/// The bar: on alerts of services it was never tuned on, the rule classifier gets the
/// category right at least 85% of the time and the severity at least 95%.
/// </summary>
public sealed class CorpusEvaluationTests
{
    private static readonly Lazy<IReadOnlyList<CorpusCase>> Corpus = new(() => CorpusEvaluator.ReadFile(CorpusPath()));

    [Fact]
    public void Held_back_services_meet_the_bar()
    {
        var evaluation = CorpusEvaluator.Evaluate(Corpus.Value, new RuleBasedClassifier());

        Assert.True(evaluation.HeldBack.Total >= 250, $"held-back part too small: {evaluation.HeldBack.Total}");
        Assert.True(evaluation.HeldBack.CategoryAccuracy >= 0.85, evaluation.Format());
        Assert.True(evaluation.HeldBack.SeverityAccuracy >= 0.95, evaluation.Format());
    }

    [Fact]
    public void The_corpus_is_read_whole()
    {
        Assert.Equal(1155, Corpus.Value.Count);
        Assert.All(Corpus.Value, c => Assert.False(string.IsNullOrEmpty(c.Service)));
    }

    [Fact]
    public void The_split_is_by_service_deterministic_and_about_a_quarter_to_a_third()
    {
        var services = Corpus.Value.Select(c => c.Service).Distinct().ToArray();
        var heldBack = services.Count(CorpusSplit.IsHeldBack);

        Assert.InRange((double)heldBack / services.Length, 0.2, 0.35);
        foreach (var group in Corpus.Value.GroupBy(c => c.Service))
        {
            Assert.Single(group.Select(c => c.HeldBack).Distinct());
        }
        Assert.Equal(CorpusSplit.Bucket("PostgreSQL"), CorpusSplit.Bucket(" postgresql "));
        Assert.InRange(CorpusSplit.Bucket("anything"), 0, 99);
    }

    [Fact]
    public void The_report_prints_both_parts_and_the_confusion_matrix()
    {
        var text = CorpusEvaluator.Evaluate(Corpus.Value, new RuleBasedClassifier()).Format();

        Assert.Contains("tuning", text);
        Assert.Contains("held-back", text);
        Assert.Contains("confusion", text);
        Assert.Contains("observability", text);
    }

    private static string CorpusPath()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "corpus", "awesome-prometheus-alerts.jsonl");
        return File.Exists(copied)
            ? copied
            : CorpusEvaluator.FindDefaultCorpus() ?? throw new FileNotFoundException("corpus not found", copied);
    }
}
