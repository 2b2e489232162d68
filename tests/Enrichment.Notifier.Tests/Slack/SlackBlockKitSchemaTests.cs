using System.Text.Json.Nodes;

namespace Enrichment.Notifier.Tests.Slack;

/// <summary>The schema used above must itself catch what Slack rejects, or its passing means nothing.</summary>
public class SlackBlockKitSchemaTests
{
    [Fact]
    public void Catches_oversized_headers_unescaped_text_too_many_fields_and_unknown_blocks()
    {
        var message = JsonNode.Parse("""
        {"text": "a & b", "unfurl": true, "blocks": [
          {"type": "header", "text": {"type": "mrkdwn", "text": "PLACEHOLDER"}},
          {"type": "section", "fields": [{"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"},
            {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"},
            {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"}, {"type": "mrkdwn", "text": "x"}]},
          {"type": "section", "text": {"type": "mrkdwn", "text": "<!channel> look"}},
          {"type": "table"}
        ]}
        """)!.AsObject();
        message["blocks"]![0]!["text"]!["text"] = new string('h', 151);

        var violations = SlackBlockKitSchema.Violations(message);

        Assert.Contains("only text and blocks at the top level", violations);
        Assert.Contains("text: unescaped &", violations);
        Assert.Contains("blocks[0].text: plain_text", violations);
        Assert.Contains(violations, v => v.StartsWith("blocks[0].text: 1..150", StringComparison.Ordinal));
        Assert.Contains("blocks[1].fields: 1..10", violations);
        Assert.Contains("blocks[2].text: unescaped < or >", violations);
        Assert.Contains("blocks[3]: unknown block type table", violations);
    }
}
