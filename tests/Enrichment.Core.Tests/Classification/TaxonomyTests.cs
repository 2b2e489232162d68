using Enrichment.Core.Classification;

namespace Enrichment.Core.Tests.Classification;

public class TaxonomyTests
{
    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("CRIT", Severity.Critical)]
    [InlineData("page", Severity.Critical)]
    [InlineData("P1", Severity.Critical)]
    [InlineData("high", Severity.Critical)]
    [InlineData("error", Severity.Critical)]
    [InlineData("emergency", Severity.Critical)]
    [InlineData("fatal", Severity.Critical)]
    [InlineData("warning", Severity.Warning)]
    [InlineData("Warn", Severity.Warning)]
    [InlineData("p2", Severity.Warning)]
    [InlineData("p3", Severity.Warning)]
    [InlineData("medium", Severity.Warning)]
    [InlineData("info", Severity.Info)]
    [InlineData("informational", Severity.Info)]
    [InlineData("low", Severity.Info)]
    [InlineData("p4", Severity.Info)]
    [InlineData("p5", Severity.Info)]
    [InlineData("none", Severity.Info)]
    [InlineData(" notice ", Severity.Info)]
    public void Normalises_severity_labels_as_the_contract_says(string label, Severity expected)
    {
        Assert.Equal(expected, Taxonomy.NormalizeSeverityLabel(label));
    }

    [Theory]
    [InlineData("noise")]
    [InlineData("bogus")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_severity_labels_are_not_guessed(string? label)
    {
        Assert.Null(Taxonomy.NormalizeSeverityLabel(label));
    }

    [Fact]
    public void Wire_names_are_the_contracts()
    {
        Assert.Equal(
            ["infrastructure", "orchestration", "database", "messaging", "network", "security", "storage", "application", "observability", "cicd"],
            Taxonomy.Categories.Select(c => c.ToWire()));
        Assert.Equal(["critical", "warning", "info", "noise"], Taxonomy.Severities.Select(s => s.ToWire()));
    }

    [Fact]
    public void Parses_wire_names_back()
    {
        Assert.True(Taxonomy.TryParseCategory("CICD", out var category));
        Assert.Equal(AlertCategory.Cicd, category);
        Assert.True(Taxonomy.TryParseSeverity("noise", out var severity));
        Assert.Equal(Severity.Noise, severity);
        Assert.False(Taxonomy.TryParseCategory("kubernetes", out _));
    }
}
