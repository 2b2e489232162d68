using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.Core.Tests.Rules;

public sealed class SummaryAndRecommendationTests
{
    private readonly RuleBasedClassifier _classifier = new();

    [Fact]
    public void Runbook_url_becomes_the_first_recommendation()
    {
        var result = _classifier.Classify(Alert("PostgresqlDown", "critical",
            annotations: [L("runbook_url", "https://runbooks.example.com/postgres/down")]));

        Assert.Equal("Follow the runbook: https://runbooks.example.com/postgres/down", result.Recommendations[0]);
        Assert.InRange(result.Recommendations.Count, 3, 4);
    }

    [Theory]
    [InlineData("PostgresqlDown")]
    [InlineData("KubePodCrashLooping")]
    [InlineData("FrobnicatorWobbly")]
    [InlineData("Watchdog")]
    public void Every_answer_has_two_to_four_concrete_steps(string alertName)
    {
        var result = _classifier.Classify(Alert(alertName, "warning"));

        Assert.InRange(result.Recommendations.Count, 2, 4);
        Assert.DoesNotContain(result.Recommendations, r => r.StartsWith("Follow the runbook", StringComparison.Ordinal));
        Assert.All(result.Recommendations, r => Assert.False(string.IsNullOrWhiteSpace(r)));
    }

    [Fact]
    public void Every_category_has_its_own_recommendations()
    {
        var firstSteps = new HashSet<string>();
        foreach (var alertName in new[]
                 {
                     "HostHighCpuLoad", "KubePodCrashLooping", "PostgresqlDown", "KafkaConsumerLag", "NginxHigh5xx",
                     "CertificateExpiringSoon", "DiskAlmostFull", "JvmGcTimeHigh", "PrometheusRuleFailures", "JenkinsBuildFailed",
                 })
        {
            firstSteps.Add(_classifier.Classify(Alert(alertName, "warning")).Recommendations[0]);
        }

        Assert.Equal(10, firstSteps.Count);
    }

    [Fact]
    public void The_summary_annotation_is_the_summary_on_one_line()
    {
        var result = _classifier.Classify(Alert("PostgresqlDown", "critical", summary: "  Postgres is down\n  on db-1  "));

        Assert.Equal("Postgres is down on db-1", result.Summary);
    }

    [Fact]
    public void Without_a_summary_one_is_built_from_the_name_and_key_labels()
    {
        var result = _classifier.Classify(Alert("KubePodCrashLooping", "warning",
            labels: [L("pod", "api-7d9"), L("namespace", "payments"), L("job", "kube-state-metrics")]));

        Assert.Equal("KubePodCrashLooping firing on pod api-7d9 in namespace payments (job kube-state-metrics)", result.Summary);
    }

    [Fact]
    public void Source_is_rules()
    {
        Assert.Equal(ClassificationSource.Rules, _classifier.Classify(Alert("PostgresqlDown")).Source);
    }

    [Fact]
    public void Empty_and_odd_alerts_still_get_an_answer()
    {
        var empty = new AlertData { Fingerprint = "0", Status = "firing", Labels = new Dictionary<string, string>() };
        var weird = Alert(new string('X', 5000) + "Ω日本語{{ unterminated", severity: "", summary: "", description: "{{",
            labels: [L("", ""), L("pod", new string('a', 1000))], annotations: [L("runbook_url", "   ")]);

        foreach (var alert in new[] { empty, weird, Alert(null, null), Alert("", "critical") })
        {
            var result = _classifier.Classify(alert);

            Assert.False(string.IsNullOrWhiteSpace(result.Summary));
            Assert.InRange(result.Confidence, 0.0, 1.0);
            Assert.NotEmpty(result.Recommendations);
            Assert.DoesNotContain(result.Recommendations, r => r.StartsWith("Follow the runbook", StringComparison.Ordinal));
            Assert.InRange(result.Summary.Length, 1, 300);
        }
        Assert.Equal("Unnamed alert firing", _classifier.Classify(empty).Summary);
    }

    [Fact]
    public void One_instance_is_safe_to_share_between_threads()
    {
        var alerts = Enumerable.Range(0, 200)
            .Select(i => Alert(i % 2 == 0 ? "PostgresqlReplicationLag" : "KafkaConsumerGroupLag", i % 3 == 0 ? "critical" : "warning",
                summary: $"summary {i}", labels: [L("instance", $"host-{i}:9100")]))
            .ToArray();
        var expected = alerts.Select(a => _classifier.Classify(a)).ToArray();
        var actual = new AlertClassification[alerts.Length];

        Parallel.For(0, alerts.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % alerts.Length;
            actual[index] = _classifier.Classify(alerts[index]);
        });

        for (var i = 0; i < alerts.Length; i++)
        {
            Assert.Equal(expected[i].Category, actual[i].Category);
            Assert.Equal(expected[i].Severity, actual[i].Severity);
            Assert.Equal(expected[i].Reasoning, actual[i].Reasoning);
            Assert.Equal(expected[i].Confidence, actual[i].Confidence);
        }
    }
}
