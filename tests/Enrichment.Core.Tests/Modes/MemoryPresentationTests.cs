using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.Core.Modes;

namespace Enrichment.Core.Tests.Modes;

/// <summary>What the alert memory adds to a mode's presentation: the history labels, and how to correct the verdict.</summary>
public class MemoryPresentationTests
{
    private static readonly FeedbackLink Link = new("https://enrichment.example.com/");

    private static AlertEnriched Event(string mode, string fingerprint = "507a62d79ee76c9a", HistoryData? history = null) => new()
    {
        Alert = new AlertData
        {
            Fingerprint = fingerprint,
            Status = "firing",
            Labels = new Dictionary<string, string> { ["alertname"] = "NightlyBackupSlow" },
            Annotations = new Dictionary<string, string> { ["ai_feedback"] = "stale from an earlier hop" },
        },
        Mode = mode,
        Classification = new ClassificationData { Severity = "warning", Category = "storage", Confidence = 0.8, Summary = "slow", Source = "llm" },
        History = history ?? new HistoryData
        {
            FirstSeen = DateTimeOffset.UnixEpoch, Fired7d = 11, Fired30d = 11, MedianResolveSeconds = 120, Flapping = false,
            Novelty = "recurring", Transient = true,
        },
        ReceivedAt = DateTimeOffset.UnixEpoch,
        EnrichedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Enriched_adds_the_novelty_and_transient_labels_and_the_correction_command()
    {
        var shown = ModePresentation.Present(Event("enriched"), Link);

        Assert.Equal("recurring", shown.Labels["ai_novelty"]);
        Assert.Equal("true", shown.Labels["ai_transient"]);
        Assert.Equal(("recurring", true), (shown.AiNovelty, shown.AiTransient));
        Assert.Equal(shown.FeedbackCommand, shown.Annotations["ai_feedback"]);
        Assert.Equal(
            "curl -X POST \"https://enrichment.example.com/api/v1/feedback\" -H \"Authorization: Bearer $FEEDBACK_TOKEN\" -H 'Content-Type: application/json' "
            + "-d '{\"fingerprint\":\"507a62d79ee76c9a\",\"severity\":\"critical|warning|info|noise\",\"note\":\"why\"}'",
            shown.FeedbackCommand);
    }

    [Fact]
    public void Transparent_with_recommendations_carries_the_command_but_no_labels()
    {
        var shown = ModePresentation.Present(Event("transparent_with_recommendations"), new FeedbackLink(null));

        Assert.False(shown.Labels.ContainsKey("ai_novelty"));
        Assert.False(shown.Labels.ContainsKey("ai_transient"));
        Assert.StartsWith("curl -X POST \"$ENRICHMENT_URL/api/v1/feedback\"", shown.Annotations["ai_feedback"], StringComparison.Ordinal);
    }

    [Fact]
    public void Transparent_shows_neither()
    {
        var shown = ModePresentation.Present(Event("transparent"), Link);

        Assert.Equal(["alertname"], shown.Labels.Keys);
        Assert.Equal("stale from an earlier hop", shown.Annotations["ai_feedback"]);
        Assert.Null(shown.FeedbackCommand);
    }

    [Theory]
    [InlineData("abc'; rm -rf / #")]
    [InlineData("a\"b")]
    [InlineData("$(id)")]
    public void A_fingerprint_that_could_break_out_of_the_command_gets_no_command(string fingerprint)
    {
        var shown = ModePresentation.Present(Event("enriched", fingerprint), Link);

        Assert.Null(shown.FeedbackCommand);
        // A stale ai_feedback from an earlier hop is not left to look like ours.
        Assert.False(shown.Annotations.ContainsKey("ai_feedback"));
    }

    [Fact]
    public void Without_history_there_are_no_history_labels()
    {
        var shown = ModePresentation.Present(Event("enriched") with { History = null }, Link);

        Assert.False(shown.Labels.ContainsKey("ai_novelty"));
        Assert.Equal("warning", shown.Labels["ai_severity"]);
    }

    [Theory]
    [InlineData("https://enrichment.example.com", true)]
    [InlineData("http://gw:8080/prefix/", true)]
    [InlineData("https://user:pw@gw", false)]
    [InlineData("https://gw/?token=x", false)]
    [InlineData("https://gw/$(id)", false)]
    [InlineData("https://gw/a'b", false)]
    [InlineData("ftp://gw", false)]
    public void FEEDBACK_URL_must_be_plain(string url, bool valid)
    {
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new FeedbackOptions { Url = url };
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true);
        var failures = errors.Concat(options.Validate(new(options))).ToList();

        Assert.Equal(valid, failures.Count == 0);
        Assert.All(failures, f => Assert.Contains("FEEDBACK_URL", f.ErrorMessage, StringComparison.Ordinal));
    }
}
