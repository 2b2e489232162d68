using System.Text.Json.Nodes;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Slack;

namespace Enrichment.Notifier.Tests.Slack;

/// <summary>In the enriching modes a Slack message says how to correct its verdict; in transparent mode there is no verdict to correct.</summary>
public class SlackCorrectionTests
{
    private static readonly FeedbackLink Link = new("https://enrichment.example.com");

    private static string? Correction(JsonObject message) => message["blocks"]!.AsArray()
        .Where(b => (string?)b!["type"] == "context")
        .SelectMany(b => b!["elements"]!.AsArray())
        .Select(e => (string?)e!["text"])
        .FirstOrDefault(t => t is not null && t.StartsWith("Wrong verdict?", StringComparison.Ordinal));

    [Theory]
    [InlineData("enriched")]
    [InlineData("transparent_with_recommendations")]
    public void Enriching_modes_carry_the_correction_command(string mode)
    {
        var message = SlackMessageBuilder.Build(TestEvents.Firing(mode), Link);

        Assert.Empty(SlackBlockKitSchema.Violations(message));
        var text = Correction(message);
        Assert.NotNull(text);
        Assert.Contains("https://enrichment.example.com/api/v1/feedback", text, StringComparison.Ordinal);
        Assert.Contains($"\"fingerprint\":\"{TestEvents.Firing(mode).Alert.Fingerprint}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Transparent_mode_has_no_correction_command() =>
        Assert.Null(Correction(SlackMessageBuilder.Build(TestEvents.Firing("transparent"), Link)));
}
