using System.Text.Json.Nodes;

namespace Enrichment.Notifier.Slack;

/// <summary>The Block Kit pieces both Slack messages are made of, each cut to Slack's documented limits.</summary>
internal static class SlackBlocks
{
    /// <summary>A "title / value" field; empty values and fields past Slack's limit are left out.</summary>
    public static void AddField(JsonArray fields, string title, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && fields.Count < SlackLimits.Fields)
        {
            fields.Add(Mrkdwn(SlackText.Truncate($"*{title}*\n{SlackText.Escape(value)}", SlackLimits.FieldText)));
        }
    }

    public static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = Mrkdwn(SlackText.Truncate(mrkdwn, SlackLimits.SectionText)) };

    public static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    public static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };
}
