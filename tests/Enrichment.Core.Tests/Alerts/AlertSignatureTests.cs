using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Tests.Alerts;

public class AlertSignatureTests
{
    private static AlertData Alert(string instance, string summary, string alertname = "DiskFull", string? severity = "warning") => new()
    {
        Fingerprint = instance,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = alertname, ["instance"] = instance, ["pod"] = instance + "-pod", ["severity"] = severity ?? "" },
        Annotations = new Dictionary<string, string> { ["summary"] = summary, ["description"] = $"Disk at {summary.Length}% on {instance}" },
    };

    [Fact]
    public void A_storm_of_one_rule_on_many_hosts_has_one_signature()
    {
        var signature = new AlertSignature();
        var signatures = Enumerable.Range(0, 100)
            .Select(i => signature.Compute(Alert($"10.0.0.{i}:9100", $"Disk {90 + (i % 10)}% full")))
            .ToHashSet();

        Assert.Single(signatures);
    }

    [Fact]
    public void Different_rules_or_label_values_have_different_signatures()
    {
        var signature = new AlertSignature();

        Assert.NotEqual(signature.Compute(Alert("h1", "x")), signature.Compute(Alert("h1", "x", alertname: "DiskSlow")));
        Assert.NotEqual(signature.Compute(Alert("h1", "x")), signature.Compute(Alert("h1", "x", severity: "critical")));
        Assert.NotEqual(signature.Compute(Alert("h1", "disk full")), signature.Compute(Alert("h1", "disk slow")));
    }

    [Fact]
    public void Ignored_labels_are_configurable()
    {
        var keepsInstance = new AlertSignature(["pod"]);

        Assert.NotEqual(keepsInstance.Compute(Alert("h1", "x")), keepsInstance.Compute(Alert("h2", "x")));
    }

    [Theory]
    [InlineData("disk 91% full on sda1", "disk #% full on sda#")]
    [InlineData("no digits", "no digits")]
    [InlineData("12345", "#")]
    [InlineData("", "")]
    public void Folds_runs_of_digits(string text, string folded)
    {
        Assert.Equal(folded, AlertSignature.FoldDigits(text));
    }
}
