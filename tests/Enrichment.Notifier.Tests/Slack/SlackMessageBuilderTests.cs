using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Notifier.Slack;

namespace Enrichment.Notifier.Tests.Slack;

public class SlackMessageBuilderTests
{
    private static string Texts(JsonObject message) => message.ToJsonString();

    private static JsonArray Blocks(JsonObject message) => message["blocks"]!.AsArray();

    private static string? SectionText(JsonObject message, string title) =>
        Blocks(message).Select(b => (string?)b!["text"]?["text"]).FirstOrDefault(t => t is not null && t.StartsWith($"*{title}*", StringComparison.Ordinal));

    [Fact]
    public void An_enriched_firing_alert_shows_severity_category_summary_recommendations_and_a_source_link()
    {
        var message = SlackMessageBuilder.Build(TestEvents.Firing("enriched"));

        Assert.Empty(SlackBlockKitSchema.Violations(message));
        var header = Blocks(message)[0]!;
        Assert.Equal("header", (string?)header["type"]);
        Assert.Equal("FIRING: PostgresqlDown", (string?)header["text"]!["text"]);
        var fields = Blocks(message)[1]!["fields"]!.AsArray().Select(f => (string)f!["text"]!).ToList();
        Assert.Contains("*Severity*\ncritical", fields);
        Assert.Contains("*Category*\ndatabase", fields);
        Assert.Contains("*Confidence*\n0.9", fields);
        Assert.Equal("*Summary*\nPostgres primary is down", SectionText(message, "Summary"));
        Assert.Equal("*Recommendations*\n• Check the postgres service\n• Fail over to the replica", SectionText(message, "Recommendations"));
        var context = Blocks(message).Last()!["elements"]!.AsArray().Select(e => (string)e!["text"]!).ToList();
        Assert.Contains("<http://prometheus:9090/graph?g0.expr=pg_up&amp;g0.tab=1|Source>", context);
        Assert.Contains("Classified by llm (gpt-4o-mini)", context);
        Assert.StartsWith(":red_circle: [FIRING] PostgresqlDown: Postgres primary is down", (string?)message["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolved_alert_says_so_and_drops_the_recommendations()
    {
        var message = SlackMessageBuilder.Build(TestEvents.Resolved(TestEvents.Firing("enriched"), DateTimeOffset.UtcNow));

        Assert.Empty(SlackBlockKitSchema.Violations(message));
        Assert.Equal("RESOLVED: PostgresqlDown", (string?)Blocks(message)[0]!["text"]!["text"]);
        Assert.StartsWith(":white_check_mark: [RESOLVED]", (string?)message["text"], StringComparison.Ordinal);
        Assert.Null(SectionText(message, "Recommendations"));
        Assert.NotNull(SectionText(message, "Summary"));
    }

    [Fact]
    public void Transparent_mode_shows_the_alert_as_it_came()
    {
        var message = SlackMessageBuilder.Build(TestEvents.Firing("transparent"));

        Assert.Empty(SlackBlockKitSchema.Violations(message));
        Assert.Equal("*Summary*\nPostgresql down on db-1", SectionText(message, "Summary"));
        var fields = Blocks(message)[1]!["fields"]!.AsArray().Select(f => (string)f!["text"]!).ToList();
        Assert.Contains("*Severity*\npage", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("*Category*", StringComparison.Ordinal));
        Assert.Null(SectionText(message, "Recommendations"));
        Assert.DoesNotContain("Classified by", Texts(message), StringComparison.Ordinal);
    }

    [Fact]
    public void Transparent_with_recommendations_shows_the_ai_summary_and_recommendations_but_not_the_ai_severity()
    {
        var message = SlackMessageBuilder.Build(TestEvents.Firing("transparent_with_recommendations"));

        Assert.Empty(SlackBlockKitSchema.Violations(message));
        var fields = Blocks(message)[1]!["fields"]!.AsArray().Select(f => (string)f!["text"]!).ToList();
        Assert.Contains("*Severity*\npage", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("*Category*", StringComparison.Ordinal) || f.StartsWith("*Confidence*", StringComparison.Ordinal));
        Assert.Equal("*Summary*\nPostgres primary is down", SectionText(message, "Summary"));
        Assert.NotNull(SectionText(message, "Recommendations"));
    }

    [Fact]
    public void Huge_and_hostile_text_is_escaped_and_cut_to_Slack_limits()
    {
        var hostile = "<!channel> & <http://evil|click> " + new string('x', 5000) + " 🔥🔥🔥";
        var classification = TestEvents.Verdict with
        {
            Summary = string.Concat(Enumerable.Repeat("a&b<c>d ", 1000)),
            Recommendations = Enumerable.Range(0, 200).Select(i => $"step {i}: restart <service> & check").ToList(),
            Category = hostile,
        };
        var firing = TestEvents.Firing("enriched", classification, generatorUrl: "javascript:alert(1)");
        firing = firing with
        {
            Alert = firing.Alert with
            {
                Labels = new Dictionary<string, string> { ["alertname"] = new string('N', 400) + "🔥", ["instance"] = hostile },
            },
        };

        var message = SlackMessageBuilder.Build(firing);

        Assert.Empty(SlackBlockKitSchema.Violations(message));
        Assert.DoesNotContain("<!channel>", Texts(message), StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", Texts(message), StringComparison.Ordinal);
        Assert.EndsWith("…", (string?)Blocks(message)[0]!["text"]!["text"], StringComparison.Ordinal);
        Assert.EndsWith("…", SectionText(message, "Recommendations"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abcdef", 6, "abcdef")]
    [InlineData("abcdefg", 6, "abcde…")]
    [InlineData("abc&amp;def", 6, "abc…")]
    [InlineData("ab&lt;cdef", 6, "ab…")]
    [InlineData("ab&lt;cdef", 8, "ab&lt;c…")]
    [InlineData("abcd🔥ef", 6, "abcd…")]
    public void Truncation_never_splits_an_entity_or_a_surrogate_pair(string text, int max, string expected) =>
        Assert.Equal(expected, SlackText.Truncate(text, max));
}
