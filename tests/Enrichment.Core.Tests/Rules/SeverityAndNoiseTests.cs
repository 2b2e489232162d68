using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.Core.Tests.Rules;

public sealed class SeverityAndNoiseTests
{
    private readonly RuleBasedClassifier _classifier = new();

    // The alias table itself is covered by TaxonomyTests; here, that the classifier applies it and that a
    // label beats what the alert name would suggest, for each target and for case and whitespace.
    [Theory]
    [InlineData("page", Severity.Critical)]
    [InlineData("P2", Severity.Warning)]
    [InlineData("low", Severity.Info)]
    [InlineData(" notice ", Severity.Info)]
    [InlineData("Warning", Severity.Warning)]
    public void Severity_label_wins_over_what_the_alert_name_suggests(string label, Severity expected)
    {
        // An alert name that would infer "critical" on its own: the label must win.
        var result = _classifier.Classify(Alert("PostgresqlDown", severity: label));

        Assert.Equal(expected, result.Severity);
    }

    [Theory]
    [InlineData("priority", "P1", Severity.Critical)]
    [InlineData("priority", "low", Severity.Info)]
    [InlineData("level", "warn", Severity.Warning)]
    public void Priority_and_level_labels_stand_in_for_severity(string label, string value, Severity expected)
    {
        var result = _classifier.Classify(Alert("QueueGrowing", severity: null, labels: [L(label, value)]));

        Assert.Equal(expected, result.Severity);
    }

    [Fact]
    public void Severity_label_wins_over_priority()
    {
        var result = _classifier.Classify(Alert("QueueGrowing", severity: "info", labels: [L("priority", "P1")]));

        Assert.Equal(Severity.Info, result.Severity);
    }

    [Theory]
    [InlineData("CheckoutServiceDown", Severity.Critical)]
    [InlineData("BackupJobFailed", Severity.Critical)]
    [InlineData("ReplicaUnreachable", Severity.Critical)]
    [InlineData("QueueGrowing", Severity.Warning)]
    [InlineData("HighRequestLatency", Severity.Warning)]
    public void Severity_is_inferred_when_no_label_says_it(string alertName, Severity expected)
    {
        var result = _classifier.Classify(Alert(alertName, severity: null));

        Assert.Equal(expected, result.Severity);
        Assert.Contains("no severity label", result.Reasoning);
    }

    [Fact]
    public void An_unknown_severity_value_falls_back_to_inference()
    {
        Assert.Equal(Severity.Critical, _classifier.Classify(Alert("PaymentsApiDown", severity: "bogus")).Severity);
        Assert.Equal(Severity.Warning, _classifier.Classify(Alert("PaymentsApiSlow", severity: "bogus")).Severity);
    }

    [Theory]
    [InlineData("Watchdog", "none")]
    [InlineData("InfoInhibitor", "none")]
    [InlineData("DeadMansSwitch", "critical")]
    [InlineData("DeadMansSnitch", "warning")]
    [InlineData("PrometheusAlertmanagerE2EDeadMansSwitch", "critical")]
    [InlineData("TestAlert", "critical")]
    [InlineData("Test", "warning")]
    [InlineData("TestingPagerRouting", "critical")]
    [InlineData("AlwaysFiring", "info")]
    public void Alerts_that_fire_by_design_are_noise(string alertName, string severity)
    {
        var result = _classifier.Classify(Alert(alertName, severity));

        Assert.Equal(Severity.Noise, result.Severity);
        Assert.Contains("noise", result.Reasoning);
        Assert.InRange(result.Confidence, 0.9, 1.0);
    }

    [Fact]
    public void A_test_label_makes_an_alert_noise()
    {
        var result = _classifier.Classify(Alert("PostgresqlDown", "critical", labels: [L("test", "true")]));

        Assert.Equal(Severity.Noise, result.Severity);
        Assert.Equal(AlertCategory.Database, result.Category);
    }

    [Theory]
    [InlineData("SpeedTestSlowInternetDownload")]
    [InlineData("JenkinsBuildTestsFailing")]
    [InlineData("WatchdogTimerResetsHigh")]
    [InlineData("HeartbeatMissing")]
    public void Words_that_merely_contain_test_or_watchdog_are_not_noise(string alertName)
    {
        var result = _classifier.Classify(Alert(alertName, "warning"));

        Assert.Equal(Severity.Warning, result.Severity);
    }

    [Fact]
    public void Watchdog_is_an_observability_alert()
    {
        var result = _classifier.Classify(Alert("Watchdog", "none",
            summary: "An alert that should always be firing to certify that Alertmanager is working properly."));

        Assert.Equal(AlertCategory.Observability, result.Category);
        Assert.Contains("No action needed", result.Recommendations[0]);
    }
}
