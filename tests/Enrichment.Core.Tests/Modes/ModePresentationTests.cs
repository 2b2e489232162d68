using Enrichment.Contracts;
using Enrichment.Core.Modes;

namespace Enrichment.Core.Tests.Modes;

public class ModePresentationTests
{
    private static readonly ClassificationData Verdict = new()
    {
        Severity = "critical",
        Category = "database",
        Confidence = 0.876,
        Summary = "Postgres primary is down",
        Recommendations = ["Check the postgres service", "  ", "Fail over to the replica "],
        Source = "rules",
    };

    private static AlertEnriched Event(string mode, ClassificationData? classification = null) => TestEvents.Of(
        AlertBuilder.Alert("PostgresqlDown", "page", summary: "Postgresql down", annotations: [AlertBuilder.L("ai_summary", "stale from an earlier hop")]),
        mode,
        classification);

    [Fact]
    public void Transparent_leaves_the_alert_untouched()
    {
        var shown = ModePresentation.Present(Event("transparent"));

        Assert.Equal(["alertname", "severity"], shown.Labels.Keys.Order());
        Assert.Equal("stale from an earlier hop", shown.Annotations["ai_summary"]);
        Assert.Equal(2, shown.Annotations.Count);
        Assert.False(shown.IsEnriched);
        Assert.Null(shown.AiSeverity);
        Assert.Empty(shown.AiRecommendations);
    }

    [Fact]
    public void Enriched_adds_the_two_labels_and_three_annotations()
    {
        var shown = ModePresentation.Present(Event("enriched", Verdict));

        Assert.Equal("critical", shown.Labels["ai_severity"]);
        Assert.Equal("database", shown.Labels["ai_category"]);
        Assert.Equal("page", shown.Labels["severity"]);
        Assert.Equal(4, shown.Labels.Count);
        Assert.Equal("Postgres primary is down", shown.Annotations["ai_summary"]);
        Assert.Equal("0.88", shown.Annotations["ai_confidence"]);
        Assert.Equal("Check the postgres service\nFail over to the replica", shown.Annotations["ai_recommendations"]);
        Assert.Equal("Postgresql down", shown.Annotations["summary"]);
        Assert.Equal(4, shown.Annotations.Count);
        Assert.Equal(0.876, shown.AiConfidence);
        Assert.Equal(["Check the postgres service", "Fail over to the replica"], shown.AiRecommendations);
    }

    [Fact]
    public void Transparent_with_recommendations_adds_summary_and_recommendations_only()
    {
        var shown = ModePresentation.Present(Event("transparent_with_recommendations", Verdict));

        Assert.Equal(["alertname", "severity"], shown.Labels.Keys.Order());
        Assert.Equal("Postgres primary is down", shown.Annotations["ai_summary"]);
        Assert.Equal("Check the postgres service\nFail over to the replica", shown.Annotations["ai_recommendations"]);
        Assert.False(shown.Annotations.ContainsKey("ai_confidence"));
        Assert.Equal(3, shown.Annotations.Count);
        Assert.Null(shown.AiSeverity);
        Assert.Null(shown.AiCategory);
        Assert.Null(shown.AiConfidence);
        Assert.True(shown.IsEnriched);
    }

    [Fact]
    public void The_source_event_is_never_modified()
    {
        var enriched = Event("enriched", Verdict);

        ModePresentation.Present(enriched);

        Assert.False(enriched.Alert.Labels.ContainsKey("ai_severity"));
        Assert.Equal("stale from an earlier hop", enriched.Alert.Annotations["ai_summary"]);
    }

    [Theory]
    [InlineData("enriched")]
    [InlineData("transparent_with_recommendations")]
    [InlineData("some_future_mode")]
    public void Without_a_classification_or_with_an_unknown_mode_nothing_is_added(string mode)
    {
        var shown = ModePresentation.Present(Event(mode, mode == "some_future_mode" ? Verdict : null));

        Assert.False(shown.Labels.ContainsKey("ai_severity"));
        Assert.Equal("stale from an earlier hop", shown.Annotations["ai_summary"]);
        Assert.False(shown.IsEnriched);
    }

    [Fact]
    public void No_recommendations_means_no_recommendations_annotation()
    {
        var shown = ModePresentation.Present(Event("enriched", Verdict with { Recommendations = [] }));

        Assert.False(shown.Annotations.ContainsKey("ai_recommendations"));
        Assert.Empty(shown.AiRecommendations);
    }

    [Theory]
    [InlineData(0.9, "0.9")]
    [InlineData(1.0, "1")]
    [InlineData(1.7, "1")]
    [InlineData(-0.2, "0")]
    [InlineData(0.005, "0.01")]
    public void Confidence_is_printed_invariantly_with_two_decimals_at_most(double value, string expected) =>
        Assert.Equal(expected, ModePresentation.FormatConfidence(value));
}
