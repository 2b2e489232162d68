using Enrichment.Evaluate.Data;
using Enrichment.Evaluate.Reporting;

namespace Enrichment.Evaluate.Tests;

/// <summary>
/// The bars the rule classifier must keep: on services it was never tuned on, the category right at least
/// 85% of the time on the shared corpus and 90% on the project's own real-world-style alerts, the severity 95%.
/// </summary>
public sealed class CorpusEvaluationTests
{
    [Fact]
    public async Task Held_back_services_of_the_corpus_meet_the_bar()
    {
        var evaluation = await TestFiles.ByRulesAsync(TestFiles.Corpus.Value, HeldBackSplit.CorpusPercent);

        Assert.True(evaluation.HeldBack.Alerts >= 250, $"held-back part too small: {evaluation.HeldBack.Alerts}");
        Assert.True(evaluation.HeldBack.Category.Accuracy >= 0.85, TextReport.Format(evaluation, evaluation.HeldBack));
        Assert.True(evaluation.HeldBack.Severity.Accuracy >= 0.95, TextReport.Format(evaluation, evaluation.HeldBack));
    }

    [Fact]
    public void The_corpus_is_read_whole()
    {
        Assert.Equal(1155, TestFiles.Corpus.Value.Count);
        Assert.All(TestFiles.Corpus.Value, c => Assert.False(string.IsNullOrEmpty(c.Service)));
        Assert.All(TestFiles.Corpus.Value, c => Assert.NotNull(c.ExpectedCategory));
    }

    [Fact]
    public void The_split_is_by_service_deterministic_and_about_a_quarter_to_a_third()
    {
        var split = new HeldBackSplit(HeldBackSplit.CorpusPercent);
        var services = TestFiles.Corpus.Value.Select(c => c.Service).Distinct().ToArray();
        var heldBack = services.Count(split.IsHeldBack);

        Assert.InRange((double)heldBack / services.Length, 0.2, 0.35);
        foreach (var group in TestFiles.Corpus.Value.GroupBy(c => c.Service))
        {
            Assert.Single(group.Select(c => split.IsHeldBack(c.Service)).Distinct());
        }
        Assert.Equal(HeldBackSplit.Bucket("PostgreSQL"), HeldBackSplit.Bucket(" postgresql "));
        Assert.InRange(HeldBackSplit.Bucket("anything"), 0, 99);
        Assert.False(split.IsHeldBack(""));
    }

    [Fact]
    public async Task The_report_prints_both_parts_per_class_figures_and_the_confusion_matrices()
    {
        var evaluation = await TestFiles.ByRulesAsync(TestFiles.Corpus.Value, HeldBackSplit.CorpusPercent);
        var text = TextReport.Format(evaluation, evaluation.HeldBack, evaluation.HeldBack);

        Assert.Contains("tuning", text);
        Assert.Contains("held-back", text);
        Assert.Contains("Accuracy per category (held-back)", text);
        Assert.Contains("Category confusion matrix (held-back", text);
        Assert.Contains("Severity confusion matrix (held-back", text);
        Assert.Contains("observability", text);
        Assert.Contains("answers: rules 1155", text);
        Assert.Contains("model: no calls", text);
        Assert.Contains($"Misses (held-back, {evaluation.HeldBack.Misses.Count})", text);
    }

    [Fact]
    public async Task The_command_reports_the_corpus_and_the_own_alerts_one_after_the_other()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await EvaluateCommand.RunAsync(
            [TestFiles.PathOf("corpus", "awesome-prometheus-alerts.jsonl"), TestFiles.PathOf("alerts-own.jsonl"), "--rules", "--part", "held-back"],
            stdout, stderr, new System.Collections.Hashtable());

        Assert.True(code == 0, stderr.ToString());
        var reports = stdout.ToString().Split(new string('─', 72));
        Assert.Equal(2, reports.Length);
        Assert.Contains("awesome-prometheus-alerts.jsonl (1155 alerts", reports[0]);
        Assert.Contains("alerts-own.jsonl (163 alerts", reports[1]);
        Assert.All(reports, r => Assert.Contains("Category confusion matrix (held-back", r));
    }
}
