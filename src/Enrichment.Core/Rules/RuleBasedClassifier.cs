using System.Collections.Frozen;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// The classifier that always answers: fast, offline, deterministic.
/// <para>
/// Category: every known word of the alert (see <see cref="CategoryVocabulary"/>) adds weighted
/// evidence to the categories it points to (<see cref="EvidenceScorer"/>). Where a word appears matters: the
/// alert name weighs most, and the first known word of the name (usually the product: <c>Postgresql</c>ReplicationLag)
/// more still; then the <c>job</c> label, other labels, the summary and the description. The best
/// score wins (<see cref="CategoryRanking"/>); the confidence grows with the margin over the runner-up and
/// with the amount of evidence. Severity: <see cref="SeverityRules"/>. Alerts that fire by design
/// (Watchdog, InfoInhibitor, dead man's switches, tests) are <c>noise</c> (<see cref="NoiseRules"/>).
/// </para>
/// <para>Stateless and allocation-light: one instance serves all threads.</para>
/// </summary>
public sealed class RuleBasedClassifier : IRuleClassifier
{
    /// <summary>
    /// Evidence for <c>application</c> from a <c>job</c> that names no known product, platform or exporter
    /// (<c>checkout</c>, <c>payments-api</c>): the team's own service, whose errors and latency are its own.
    /// </summary>
    internal const double OwnServiceJobScore = 2.5;

    /// <summary>The category of an alert nothing is known about: a service's own problem.</summary>
    internal const AlertCategory DefaultCategory = AlertCategory.Application;

    private const int MaxHits = 64;

    /// <summary>Labels whose values say nothing about the kind of problem (or are scored separately).</summary>
    private static readonly FrozenSet<string> IgnoredLabels = FrozenSet.ToFrozenSet(
    [
        "alertname", "severity", "priority", "level", "job", "instance", "prometheus", "prometheus_replica",
        "replica", "alertstate", "receiver", "fingerprint", "endpoint", "uid", "id", "ip", "pod_ip", "host_ip",
        "cluster", "env", "environment", "region", "zone", "datacenter", "dc", "team", "owner", "tenant",
        "le", "quantile", "__name__", "test", "testing", "is_test", "runbook_url", "runbook",
    ], StringComparer.Ordinal);

    /// <summary>Labels that say where the target runs or how it was scraped, not what the alert is about.</summary>
    private static readonly FrozenSet<string> LocationLabels = FrozenSet.ToFrozenSet(
        ["namespace", "service", "node", "exported_namespace", "exported_job", "exported_service", "metrics_path", "app_kubernetes_io_instance"],
        StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = FrozenDictionary<string, string>.Empty;

    public AlertClassification Classify(AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = alert.Labels ?? EmptyMap;
        var annotations = alert.Annotations ?? EmptyMap;
        if (!ReferenceEquals(labels, alert.Labels) || !ReferenceEquals(annotations, alert.Annotations))
        {
            alert = alert with { Labels = labels, Annotations = annotations };
        }

        var alertName = NullIfBlank(labels.GetValueOrDefault("alertname"))?.Trim();
        var summaryText = NullIfBlank(annotations.GetValueOrDefault("summary")) ?? NullIfBlank(annotations.GetValueOrDefault("message"));
        var description = NullIfBlank(annotations.GetValueOrDefault("description"));
        var runbook = NullIfBlank(annotations.GetValueOrDefault("runbook_url")) ?? NullIfBlank(annotations.GetValueOrDefault("runbook"));

        // Category evidence.
        var categories = CategoryRanking.CategoryCount;
        Span<double> scores = stackalloc double[categories];
        Span<double> fieldTotals = stackalloc double[categories * EvidenceFields.Count];
        Span<double> fieldSum = stackalloc double[categories];
        Span<double> fieldMax = stackalloc double[categories];
        Span<ulong> seen = stackalloc ulong[(CategoryVocabulary.Count + 63) / 64];
        Span<EvidenceHit> hits = stackalloc EvidenceHit[MaxHits];
        var scorer = new EvidenceScorer(scores, fieldTotals, fieldSum, fieldMax, seen, hits);

        var job = labels.GetValueOrDefault("job");
        scorer.JobIsExporter = job is not null && job.Contains("exporter", StringComparison.OrdinalIgnoreCase);
        scorer.ScoreField(alertName, EvidenceField.AlertName, EvidenceFields.AlertNameWeight, camelCase: true, leadBonus: true);
        scorer.ScoreField(job, EvidenceField.Job, EvidenceFields.JobWeight, camelCase: true, leadBonus: false);
        var ownServiceJob = !string.IsNullOrWhiteSpace(job) && scorer.OpenFieldPointsOnlyTo(AlertCategory.Application);
        if (ownServiceJob)
        {
            scorer.AddToField(AlertCategory.Application, OwnServiceJobScore);
        }
        scorer.BeginField(EvidenceField.Labels);
        foreach (var (name, value) in labels)
        {
            if (IgnoredLabels.Contains(name))
            {
                continue;
            }
            scorer.ScoreText(name, EvidenceFields.LabelNameWeight, camelCase: false, leadBonus: false);
            scorer.ScoreText(value, LocationLabels.Contains(name) ? EvidenceFields.LocationLabelWeight : EvidenceFields.LabelValueWeight, camelCase: true, leadBonus: false);
        }
        ScoreExpression(ref scorer, GeneratorExpression.Of(alert.GeneratorUrl));
        scorer.ScoreField(summaryText, EvidenceField.Summary, EvidenceFields.SummaryWeight, camelCase: false, leadBonus: false);
        scorer.ScoreField(description, EvidenceField.Description, EvidenceFields.DescriptionWeight, camelCase: false, leadBonus: false);
        scorer.EndField();

        var (best, runnerUp) = CategoryRanking.Rank(scores);
        (best, runnerUp, var ruleNote) = SubjectRules.Apply(scorer, best, runnerUp);
        if (ownServiceJob && ruleNote is null && best == AlertCategory.Application)
        {
            ruleNote = $"job '{job!.Trim()}' names no known product or exporter: the service's own";
        }
        var noiseReason = NoiseRules.Why(alert, alertName);
        var hasEvidence = scores[(int)best] > 0;
        var category = hasEvidence ? best : noiseReason is not null ? AlertCategory.Observability : DefaultCategory;

        // Severity.
        var (severity, severityBasis) = noiseReason is not null
            ? (Severity.Noise, "noise: " + noiseReason)
            : SeverityRules.Resolve(alert, alertName, summaryText);

        var confidence = noiseReason is not null
            ? CategoryRanking.MaxConfidence
            : hasEvidence
                ? CategoryRanking.Confidence(Math.Max(scores[(int)best], scores[(int)runnerUp]), Math.Min(scores[(int)best], scores[(int)runnerUp]))
                : CategoryRanking.NoEvidenceConfidence;

        return new AlertClassification
        {
            Severity = severity,
            Category = category,
            Confidence = Math.Round(confidence, 3),
            Summary = RuleSummary.For(alert, alertName, summaryText),
            Reasoning = RuleReasoning.Explain(scorer.Hits, scores, category, runnerUp, hasEvidence, ruleNote, severityBasis),
            Recommendations = Recommendations.For(category, noiseReason is not null, runbook),
            Source = ClassificationSource.Rules,
        };
    }

    /// <summary>The metric names of the rule's PromQL expression: who exposes them, and what they measure.</summary>
    private static void ScoreExpression(ref EvidenceScorer scorer, string? expression)
    {
        if (expression is null)
        {
            return;
        }
        scorer.BeginField(EvidenceField.Expression);
        Span<Range> metrics = stackalloc Range[ExpressionMetrics.MaxMetrics];
        var count = ExpressionMetrics.Find(expression, metrics);
        for (var i = 0; i < count; i++)
        {
            scorer.ScoreMetric(expression.AsSpan()[metrics[i]], EvidenceFields.MetricPrefixWeight, EvidenceFields.MetricWordWeight, primary: i == 0);
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
