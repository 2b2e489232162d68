using System.Text.Json;
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

    private static AlertData WithLabels(Dictionary<string, string> labels, Dictionary<string, string>? annotations = null, string? generatorUrl = null) => new()
    {
        Fingerprint = "f",
        Status = AlertStatus.Firing,
        Labels = labels,
        Annotations = annotations ?? new Dictionary<string, string>(),
        GeneratorUrl = generatorUrl,
    };

    [Fact]
    public void A_storm_of_one_rule_on_many_hosts_has_one_signature_and_one_view()
    {
        var signature = new AlertSignature();
        var read = Enumerable.Range(0, 100)
            .Select(i => signature.Read(Alert($"10.0.0.{i}:9100", $"Disk {90 + (i % 10)}% full")))
            .ToList();

        Assert.Single(read.Select(r => r.Signature).Distinct());
        // What a classifier is shown is the same for all of them, so its answer is as true of each.
        Assert.Single(read.Select(r => JsonSerializer.Serialize(r.View, EnrichmentJson.Options)).Distinct());
        Assert.Equal(read[0].Signature, read[0].View.Fingerprint);
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
    [InlineData("alertname")]
    [InlineData("severity")]
    public void The_rule_name_and_the_severity_label_are_never_left_out(string label)
    {
        var error = Assert.Throws<ArgumentException>(() => new AlertSignature(["instance", label]));
        Assert.Contains("LLM_CACHE_IGNORE_LABELS", error.Message, StringComparison.Ordinal);
        Assert.Contains(label, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Volatile_values_and_numbers_are_marks_in_the_view_and_the_alerts_own_values_are_kept()
    {
        var alert = WithLabels(
            new() { ["alertname"] = "DiskFull", ["instance"] = "web-101:9100", ["host"] = "web-101", ["mountpoint"] = "/var" },
            new() { ["summary"] = "Disk 91% full on web-101", ["description"] = "web-101:9100 has 3.5 GiB left on /var" });

        var read = new AlertSignature().Read(alert);

        Assert.Equal("{{labels.instance}}", read.View.Labels["instance"]);
        Assert.Equal("{{labels.host}}", read.View.Labels["host"]);
        Assert.Equal("/var", read.View.Labels["mountpoint"]);
        // Annotations are numbered in name order: description first.
        Assert.Equal("{{labels.instance}} has {{num1}} GiB left on /var", read.View.Annotations["description"]);
        Assert.Equal("Disk {{num2}}% full on {{labels.host}}", read.View.Annotations["summary"]);
        Assert.Equal("web-101:9100", read.Values["labels.instance"]);
        Assert.Equal("web-101", read.Values["labels.host"]);
        Assert.Equal("3.5", read.Values["num1"]);
        Assert.Equal("91", read.Values["num2"]);
        Assert.DoesNotContain("web-101", new AlertSignature().Describe(alert), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on web-1", "on {{labels.host}}")]
    [InlineData("on web-10", "on web-{{num1}}")]
    [InlineData("on myweb-1", "on myweb-{{num1}}")]
    [InlineData("web-1, web-1.", "{{labels.host}}, {{labels.host}}.")]
    public void A_volatile_value_is_only_taken_whole(string text, string masked)
    {
        var alert = WithLabels(new() { ["alertname"] = "A", ["host"] = "web-1" }, new() { ["summary"] = text });

        Assert.Equal(masked, new AlertSignature().Read(alert).View.Annotations["summary"]);
    }

    [Theory]
    [InlineData("ratio 0.93 of 1,024 at 08:15 on 10.0.0.7", "ratio {{num1}} of {{num2}} at {{num3}} on {{num4}}")]
    [InlineData("sda1 and p99", "sda{{num1}} and p{{num2}}")]
    [InlineData("no digits here.", "no digits here.")]
    public void Numbers_are_marks(string text, string masked)
    {
        var alert = WithLabels(new() { ["alertname"] = "A" }, new() { ["summary"] = text });

        Assert.Equal(masked, new AlertSignature().Read(alert).View.Annotations["summary"]);
    }

    [Theory]
    [InlineData("{{labels.instance}}")]
    [InlineData("{{ labels.instance }}")]
    [InlineData("{{num1}}")]
    [InlineData("{\u200b{labels.instance}}")]
    [InlineData("{{{labels.instance}}}")]
    public void Alert_text_cannot_hold_a_mark_of_its_own(string text)
    {
        var alert = WithLabels(new() { ["alertname"] = "A", ["instance"] = "i-1", ["service"] = text }, new() { ["summary"] = text });

        var read = new AlertSignature().Read(alert);

        // As a prompt shows it (invisible characters stripped), no label mark but the one masking put in the labels.
        var shown = read.View.Labels.Values.Concat(read.View.Annotations.Values).Select(Visible).ToList();
        Assert.Equal(1, shown.Sum(v => CountOf(v, "{{labels.")));
        Assert.Equal("{{labels.instance}}", read.View.Labels["instance"]);
        // Rendered with the alert's own values, the text comes back as it was, braces spaced apart.
        Assert.Equal(Visible(Placeholders.Escape(text)), Placeholders.Render(Visible(read.View.Annotations["summary"]), read.Values));
        Assert.Contains("{ {", Visible(Placeholders.Escape(text)), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_holding_the_separators_cannot_make_two_label_sets_one_signature()
    {
        // Before separators were escaped, both were "alertname␟A␞a␟x␞b␟y␞…": one signature, one answer.
        var signature = new AlertSignature();
        var one = WithLabels(new() { ["alertname"] = "A", ["a"] = "x\u001eb\u001fy" });
        var two = WithLabels(new() { ["alertname"] = "A", ["a"] = "x", ["b"] = "y" });
        Assert.NotEqual(signature.Compute(one), signature.Compute(two));

        // A label value posing as the end of the labels and the start of the annotations.
        var forged = WithLabels(new() { ["alertname"] = "A", ["zz"] = "1\u001e\u001dsummary\u001fdisk full" });
        var real = WithLabels(new() { ["alertname"] = "A", ["zz"] = "1" }, new() { ["summary"] = "disk full" });
        Assert.NotEqual(signature.Compute(forged), signature.Compute(real));

        // And the escape character itself.
        Assert.NotEqual(
            signature.Compute(WithLabels(new() { ["alertname"] = "A", ["a"] = "x\\", ["b"] = "y" })),
            signature.Compute(WithLabels(new() { ["alertname"] = "A", ["a"] = "x\\\u001eb\u001fy" })));
    }

    [Fact]
    public void The_rules_expression_counts_but_not_which_prometheus_sent_it()
    {
        var signature = new AlertSignature();
        AlertData From(string url) => WithLabels(new() { ["alertname"] = "A" }, generatorUrl: url);

        var replicaA = From("http://prometheus-0:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
        var replicaB = From("http://prometheus-1:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
        var other = From("http://prometheus-0:9090/graph?g0.expr=up+%3D%3D+1&g0.tab=1");

        Assert.Equal(signature.Compute(replicaA), signature.Compute(replicaB));
        Assert.NotEqual(signature.Compute(replicaA), signature.Compute(other));
        var view = signature.Read(replicaA).View;
        Assert.Equal("up == 0", GeneratorExpression.Of(view.GeneratorUrl));
        Assert.DoesNotContain("prometheus-0", view.GeneratorUrl!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_present_on_one_alert_only_makes_another_signature()
    {
        var signature = new AlertSignature();

        Assert.NotEqual(
            signature.Compute(WithLabels(new() { ["alertname"] = "A", ["pod"] = "p-1" })),
            signature.Compute(WithLabels(new() { ["alertname"] = "A" })));
    }

    private static string Visible(string text) => text.Replace("\u200b", "", StringComparison.Ordinal);

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
