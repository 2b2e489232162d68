using System.Collections.Concurrent;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Feedback;

/// <summary>The chain with corrections and a classifier told the service's memory: corrections first, answers cached per class and per set of examples.</summary>
public class ClassificationWithMemoryTests
{
    private readonly InMemoryOverrideStore _store = new();
    private readonly RememberingModel _model = new();
    private readonly AlertSignature _signature = new();

    private static AlertData Alert(string rule, int host) => new()
    {
        Fingerprint = $"{rule}-{host}",
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = rule, ["instance"] = $"host-{host}", ["severity"] = "warning" },
        Annotations = new Dictionary<string, string> { ["summary"] = $"{rule} on host-{host}" },
    };

    private (ClassificationService Service, OverrideState Overrides) Chain(int examples = 5)
    {
        var classification = Options.Create(new ClassificationOptions());
        var overrides = new OverrideState(_store, Options.Create(new FeedbackOptions { Examples = examples }), NullLogger<OverrideState>.Instance);
        var cache = new MemoryClassificationCache(classification);
        return (new ClassificationService(new RuleBasedClassifier(), classification, NullEnrichmentMetrics.Instance,
            NullLogger<ClassificationService>.Instance, _model, cache, overrides), overrides);
    }

    private async Task<SignatureOverride> CorrectAsync(string rule, string severity, string category, string note, int minute = 0)
    {
        var view = _signature.Read(Alert(rule, 0)).View;
        var correction = new SignatureOverride
        {
            Signature = _signature.Compute(Alert(rule, 0)),
            Severity = severity,
            Category = category,
            Note = note,
            By = "feedback-token",
            At = new DateTimeOffset(2026, 11, 25, 8, minute, 0, TimeSpan.Zero),
            Sample = new SignatureSample(view.Labels, view.Annotations, null),
        };
        await _store.SetAsync(correction, default);
        return correction;
    }

    private ClassificationContext Context(IReadOnlyList<AlertData> alerts, HistoryClass? history) =>
        new(alerts.Select(_signature.Read).ToList(), alerts.Select(_ => history).ToList());

    [Fact]
    public async Task A_correction_answers_ahead_of_cache_and_model_with_each_alerts_own_text()
    {
        var (chain, overrides) = Chain();
        await chain.ClassifyAsync([Alert("DiskFull", 1)], default);
        await CorrectAsync("DiskFull", "info", "network", "test rack");
        await overrides.RefreshAsync(default);

        var results = await chain.ClassifyAsync([Alert("DiskFull", 2), Alert("DiskFull", 3), Alert("CpuHigh", 4)], default);

        Assert.Equal(2, _model.Calls); // the first batch, then CpuHigh only
        Assert.Equal(["CpuHigh"], _model.Asked[^1].Select(q => q.View.Labels["alertname"]));
        Assert.All(results.Take(2), r =>
        {
            Assert.Equal(ClassificationSource.Override, r!.Source);
            Assert.Equal((Severity.Info, AlertCategory.Network, 1.0), (r.Severity, r.Category, r.Confidence));
            Assert.Contains("test rack", r.Reasoning, StringComparison.Ordinal);
            Assert.Null(r.DegradedReason);
        });
        Assert.Contains("host-2", results[0]!.Summary, StringComparison.Ordinal);
        Assert.Contains("host-3", results[1]!.Summary, StringComparison.Ordinal);
        Assert.Equal(ClassificationSource.Llm, results[2]!.Source);
    }

    [Fact]
    public async Task Deleting_the_correction_brings_back_the_cached_answer()
    {
        var (chain, overrides) = Chain(examples: 0);
        await chain.ClassifyAsync([Alert("DiskFull", 1)], default);
        var correction = await CorrectAsync("DiskFull", "info", "network", "test rack");
        await overrides.RefreshAsync(default);
        Assert.Equal(ClassificationSource.Override, (await chain.ClassifyAsync([Alert("DiskFull", 2)], default))[0]!.Source);

        await _store.DeleteAsync(correction.Signature, default);
        await overrides.RefreshAsync(default);
        var after = (await chain.ClassifyAsync([Alert("DiskFull", 3)], default))[0]!;

        Assert.Equal((ClassificationSource.Llm, CacheTier.L1, Severity.Critical), (after.Source, after.Cache, after.Severity));
        Assert.Equal(1, _model.Calls);
    }

    [Fact]
    public async Task Corrections_apply_without_a_model_too()
    {
        var classification = Options.Create(new ClassificationOptions());
        var overrides = new OverrideState(_store, Options.Create(new FeedbackOptions()), NullLogger<OverrideState>.Instance);
        var rulesOnly = new ClassificationService(new RuleBasedClassifier(), classification, NullEnrichmentMetrics.Instance,
            NullLogger<ClassificationService>.Instance, overrides: overrides);
        await CorrectAsync("DiskFull", "noise", "observability", "expected during the backup window");

        // Never refreshed by hand: the first batch reads the corrections itself, as a worker that just (re)started does.
        var results = await rulesOnly.ClassifyAsync([Alert("DiskFull", 1), Alert("CpuHigh", 2)], default);

        Assert.Equal((ClassificationSource.Override, Severity.Noise, AlertCategory.Observability), (results[0]!.Source, results[0]!.Severity, results[0]!.Category));
        Assert.Equal(ClassificationSource.Rules, results[1]!.Source);
    }

    [Fact]
    public async Task The_model_is_told_the_history_class_and_answers_are_cached_per_class()
    {
        var (chain, _) = Chain();
        var recurring = new HistoryClass(Novelty.Recurring, Transient: true);
        var fresh = new HistoryClass(Novelty.New, Transient: false);

        await chain.ClassifyAsync([Alert("DiskFull", 1)], Context([Alert("DiskFull", 1)], fresh), default);
        await chain.ClassifyAsync([Alert("DiskFull", 2)], Context([Alert("DiskFull", 2)], fresh), default);
        var third = await chain.ClassifyAsync([Alert("DiskFull", 3)], Context([Alert("DiskFull", 3)], recurring), default);

        Assert.Equal(2, _model.Calls);
        Assert.Equal([fresh, recurring], _model.Asked.Select(q => q.Single().History));
        Assert.Equal(CacheTier.None, third[0]!.Cache);
    }

    [Fact]
    public async Task The_model_sees_recent_corrections_and_a_new_one_is_a_miss_until_it_is_removed()
    {
        var (chain, overrides) = Chain(examples: 1);
        await chain.ClassifyAsync([Alert("CpuHigh", 1)], default);
        var correction = await CorrectAsync("DiskFull", "info", "network", "test rack");
        await overrides.RefreshAsync(default);

        var withExample = await chain.ClassifyAsync([Alert("CpuHigh", 2)], default);
        await _store.DeleteAsync(correction.Signature, default);
        await overrides.RefreshAsync(default);
        var withoutExample = await chain.ClassifyAsync([Alert("CpuHigh", 3)], default);

        Assert.Equal(2, _model.Calls);
        Assert.Empty(_model.Examples[0]);
        var example = Assert.Single(_model.Examples[1]);
        Assert.Equal(("info", "network", "test rack"), (example.Severity, example.Category, example.Note));
        Assert.Equal("{{labels.instance}}", example.Labels["instance"]);
        Assert.Equal(CacheTier.None, withExample[0]!.Cache);
        Assert.Equal(CacheTier.L1, withoutExample[0]!.Cache);
    }

    [Fact]
    public void Only_the_most_recent_corrections_are_shown_and_their_tag_names_them()
    {
        var older = new SignatureOverride
        {
            Signature = "a", Severity = "info", By = "x", At = DateTimeOffset.UnixEpoch,
            Sample = new SignatureSample(new Dictionary<string, string> { ["alertname"] = "A" }, new Dictionary<string, string>(), null),
        };
        var newer = older with { Signature = "b", At = DateTimeOffset.UnixEpoch.AddDays(1), Sample = older.Sample! with { Labels = new Dictionary<string, string> { ["alertname"] = "B" } } };
        var unseen = older with { Signature = "c", At = DateTimeOffset.UnixEpoch.AddDays(2), Sample = null };

        var one = CorrectionExamples.From([older, newer, unseen], 1);
        var both = CorrectionExamples.From([newer, older], 2);

        Assert.Equal("B", Assert.Single(one.Items).Labels["alertname"]);
        Assert.Equal(["B", "A"], both.Items.Select(i => i.Labels["alertname"]));
        Assert.NotEqual(one.Tag, both.Tag);
        Assert.Equal(both.Tag, CorrectionExamples.From([older, newer], 2).Tag);
        Assert.Equal("c0", CorrectionExamples.From([older], 0).Tag);
    }

    /// <summary>A model that takes the service's memory and remembers what it was told.</summary>
    private sealed class RememberingModel : IMemoryAwareClassifier
    {
        public readonly ConcurrentQueue<IReadOnlyList<ClassifierQuestion>> AskedQueue = new();
        public readonly List<IReadOnlyList<CorrectionExample>> Examples = [];

        public int Calls => AskedQueue.Count;

        public IReadOnlyList<IReadOnlyList<ClassifierQuestion>> Asked => AskedQueue.ToList();

        public string CacheNamespace => "fake/remembering/v1";

        public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken) =>
            ClassifyAsync(alerts.Select(a => new ClassifierQuestion(a, null)).ToList(), CorrectionExamples.None, cancellationToken);

        public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<ClassifierQuestion> questions, CorrectionExamples examples, CancellationToken cancellationToken)
        {
            AskedQueue.Enqueue(questions);
            lock (Examples)
            {
                Examples.Add(examples.Items);
            }
            IReadOnlyList<ClassifierAnswer> answers = questions.Select(_ => ClassifierAnswer.Answered(new AlertClassification
            {
                Severity = Severity.Critical, Category = AlertCategory.Storage, Confidence = 0.9, Summary = "model says",
                Source = ClassificationSource.Llm, Provider = "fake", Model = "m",
            })).ToList();
            return Task.FromResult(answers);
        }
    }
}
