using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Tests.Classification;

/// <summary>Both directions between a verdict and its message shape, which events carry and the L2 cache stores.</summary>
public class AlertClassificationDataTests
{
    private static readonly AlertClassification Verdict = new()
    {
        Severity = Severity.Critical,
        Category = AlertCategory.Cicd,
        Confidence = 0.87654,
        Summary = "Deploy pipeline stuck on {{labels.instance}}",
        Reasoning = "The runner stopped reporting",
        Recommendations = ["Restart the runner"],
        Source = ClassificationSource.Llm,
        Cache = CacheTier.None,
        Provider = "openai",
        Model = "gpt-4o-mini",
        DegradedReason = null,
    };

    [Fact]
    public void A_verdict_survives_the_round_trip_with_the_cache_tier_it_was_read_from()
    {
        var data = Verdict.ToData();
        Assert.Equal("critical", data.Severity);
        Assert.Equal("cicd", data.Category);
        Assert.Equal(0.877, data.Confidence);

        var back = AlertClassification.FromData(data, CacheTier.L2);

        Assert.NotNull(back);
        Assert.Equal(Verdict with { Confidence = 0.877, Cache = CacheTier.L2, Recommendations = back.Recommendations }, back);
        Assert.Equal(Verdict.Recommendations, back.Recommendations);
    }

    [Theory]
    [InlineData("urgent", "cicd")]
    [InlineData("critical", "kubernetes")]
    public void Names_this_version_does_not_know_give_no_verdict(string severity, string category)
    {
        var data = new ClassificationData { Severity = severity, Category = category, Confidence = 1, Summary = "s", Source = "llm" };

        Assert.Null(AlertClassification.FromData(data, CacheTier.L2));
    }
}
