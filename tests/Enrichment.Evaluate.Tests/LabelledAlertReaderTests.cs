using Enrichment.Core.Classification;
using Enrichment.Evaluate.Data;

namespace Enrichment.Evaluate.Tests;

public sealed class LabelledAlertReaderTests
{
    [Fact]
    public void Reads_the_corpus_shape_with_the_rules_expression()
    {
        var alert = LabelledAlertReader.ParseLine("""
            {"alert":{"labels":{"alertname":"DiskFull","severity":"critical"},"annotations":{"summary":"full"},"generatorURL":"http://p:9090/graph?g0.expr=node_filesystem_avail_bytes%20%3C%201"},
             "expected":{"category":"storage","severity":"critical"},"source":{"service":"Host","group":"disks"}}
            """, 7);

        Assert.Equal("DiskFull", alert.AlertName);
        Assert.Equal(AlertCategory.Storage, alert.ExpectedCategory);
        Assert.Equal(Severity.Critical, alert.ExpectedSeverity);
        Assert.Equal("Host", alert.Service);
        Assert.Equal("full", alert.Alert.Annotations["summary"]);
        Assert.Equal("http://p:9090/graph?g0.expr=node_filesystem_avail_bytes%20%3C%201", alert.Alert.GeneratorUrl);
        Assert.Equal("firing", alert.Alert.Status);
        Assert.Equal(7, alert.LineNumber);
    }

    [Fact]
    public void Reads_the_flat_shape_of_a_corrections_export_where_severity_is_the_verdict()
    {
        var alert = LabelledAlertReader.ParseLine("""
            {"labels":{"alertname":"NightlyBackupSlow","severity":"critical"},"annotations":{},"generatorUrl":"?g0.expr=up","severity":"info","category":"storage","note":"runs long every night"}
            """);

        Assert.Equal(Severity.Info, alert.ExpectedSeverity);
        Assert.Equal(AlertCategory.Storage, alert.ExpectedCategory);
        Assert.Equal("critical", alert.Alert.Labels["severity"]);
        Assert.Equal("?g0.expr=up", alert.Alert.GeneratorUrl);
        Assert.Equal("", alert.Service);
    }

    [Fact]
    public void A_correction_of_one_field_only_scores_that_field()
    {
        var categoryOnly = LabelledAlertReader.ParseLine("""{"labels":{"alertname":"A"},"category":"network"}""");
        var severityOnly = LabelledAlertReader.ParseLine("""{"labels":{"alertname":"B"},"expected":{"severity":"noise"}}""");

        Assert.Equal(AlertCategory.Network, categoryOnly.ExpectedCategory);
        Assert.Null(categoryOnly.ExpectedSeverity);
        Assert.Null(severityOnly.ExpectedCategory);
        Assert.Equal(Severity.Noise, severityOnly.ExpectedSeverity);
    }

    [Theory]
    [InlineData("""{"labels":{"alertname":"A"},"category":"kubernetes"}""", "line 3: unknown category 'kubernetes'")]
    [InlineData("""{"labels":{"alertname":"A"},"severity":"page"}""", "line 3: unknown severity 'page'")]
    [InlineData("""{"labels":{"alertname":"A"}}""", "line 3: no expected category or severity")]
    [InlineData("""{"annotations":{},"category":"network"}""", "line 3: the alert has no labels")]
    [InlineData("""{"labels":"A","category":"network"}""", "line 3: 'labels' must be an object")]
    [InlineData("""[1,2]""", "line 3: expected a JSON object")]
    [InlineData("""{"labels":""", "line 3: not JSON")]
    public void A_line_that_cannot_be_read_is_named_by_its_number(string line, string message)
    {
        var error = Assert.Throws<FormatException>(() => LabelledAlertReader.ParseLine(line, 3));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Blank_and_comment_lines_are_skipped_and_line_numbers_kept()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["// my corrections", "", """{"labels":{"alertname":"A"},"category":"network"}""", """{"labels":{"alertname":"B"},"category":"cicd"}"""]);

            var alerts = LabelledAlertReader.ReadFile(path);

            Assert.Equal([3, 4], alerts.Select(a => a.LineNumber));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
