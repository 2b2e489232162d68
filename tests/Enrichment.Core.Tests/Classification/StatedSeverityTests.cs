using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.Core.Tests.Classification;

/// <summary>
/// One reading of "labelled critical": what the rules take as an alert's severity is what
/// <c>LLM_PROTECT_CRITICAL</c> protects (the LLM tests check the validator uses it).
/// </summary>
public sealed class StatedSeverityTests
{
    public static TheoryData<string, string, Severity?> Labels => new()
    {
        { "severity", "critical", Severity.Critical },
        { "severity", "page", Severity.Critical },
        { "severity", "sev1", Severity.Critical },
        { "severity", "SEV0", Severity.Critical },
        { "severity", "major", Severity.Critical },
        { "priority", "P1", Severity.Critical },
        { "priority", "p1", Severity.Critical },
        { "level", "crit", Severity.Critical },
        { "level", "disaster", Severity.Critical },
        { "severity", "sev2", Severity.Warning },
        { "priority", "P3", Severity.Warning },
        { "severity", "minor", Severity.Warning },
        { "severity", "sev4", Severity.Info },
        { "level", "debug", Severity.Info },
        { "severity", "bogus", null },
        { "urgency", "P1", null },
    };

    [Theory]
    [MemberData(nameof(Labels))]
    public void The_rules_and_the_critical_check_read_a_label_alike(string label, string value, Severity? expected)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "QueueGrowing", [label] = value };

        Assert.Equal(expected, StatedSeverity.Of(labels)?.Severity);
        Assert.Equal(expected == Severity.Critical, StatedSeverity.IsCritical(labels));
        // The rules' verdict is the stated severity itself, and "warning by default" only without one.
        var verdict = new RuleBasedClassifier().Classify(Alert("QueueGrowing", severity: null, labels: [L(label, value)]));
        Assert.Equal(expected ?? Severity.Warning, verdict.Severity);
    }

    [Fact]
    public void The_first_label_that_states_a_severity_wins()
    {
        var labels = new Dictionary<string, string> { ["severity"] = "warning", ["priority"] = "P1" };
        var unknownFirst = new Dictionary<string, string> { ["severity"] = "bogus", ["priority"] = "P1" };

        Assert.Equal((Severity.Warning, "severity", "warning"), StatedSeverity.Of(labels));
        Assert.False(StatedSeverity.IsCritical(labels));
        Assert.Equal((Severity.Critical, "priority", "P1"), StatedSeverity.Of(unknownFirst));
    }

    [Theory]
    [InlineData("severity")]
    [InlineData("priority")]
    [InlineData("level")]
    public void A_label_that_states_a_severity_cannot_be_left_out_of_the_signature(string label)
    {
        // Otherwise an alert labelled P1 and one labelled P3 would share one answer, and the check would see neither.
        Assert.Contains(label, AlertSignature.NeverIgnoredLabels);
        Assert.Throws<ArgumentException>(() => new AlertSignature([label]));
    }
}
