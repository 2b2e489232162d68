using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Enrichment.Notifier.Tests.Slack;

/// <summary>
/// The parts of Slack's documented incoming-webhook and Block Kit format this notifier uses, written
/// down independently of the builder: top-level <c>text</c> and <c>blocks</c> (at most 50); header
/// blocks with a <c>plain_text</c> of at most 150 characters; section blocks with a text object of at
/// most 3000 characters or 1–10 <c>fields</c> of at most 2000 each; context blocks with 1–10 text
/// elements; text objects typed <c>plain_text</c> or <c>mrkdwn</c>; in mrkdwn, <c>&amp;</c>, <c>&lt;</c>,
/// <c>&gt;</c> escaped except in control sequences such as <c>&lt;url|label&gt;</c>.
/// </summary>
internal static partial class SlackBlockKitSchema
{
    public static List<string> Violations(JsonObject message)
    {
        var errors = new List<string>();
        Expect(errors, message.Select(p => p.Key).All(k => k is "text" or "blocks"), "only text and blocks at the top level");
        Expect(errors, message["text"] is JsonValue text && text.GetValue<string>().Length is > 0 and <= 40_000, "text: 1..40000 characters");
        if (message["text"] is JsonValue fallback)
        {
            CheckMrkdwn(errors, "text", fallback.GetValue<string>());
        }
        if (message["blocks"] is not JsonArray blocks)
        {
            errors.Add("blocks: an array");
            return errors;
        }
        Expect(errors, blocks.Count is > 0 and <= 50, "blocks: 1..50");
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i]!.AsObject();
            var where = $"blocks[{i}]";
            switch ((string?)block["type"])
            {
                case "header":
                    Expect(errors, block.Select(p => p.Key).All(k => k is "type" or "text" or "block_id"), $"{where}: header keys");
                    CheckText(errors, where + ".text", block["text"], 150, plainOnly: true);
                    break;
                case "section":
                    Expect(errors, block.Select(p => p.Key).All(k => k is "type" or "text" or "fields" or "block_id" or "accessory"), $"{where}: section keys");
                    Expect(errors, block["text"] is not null || block["fields"] is not null, $"{where}: text or fields required");
                    if (block["text"] is { } sectionText)
                    {
                        CheckText(errors, where + ".text", sectionText, 3000);
                    }
                    if (block["fields"] is { } fieldsNode)
                    {
                        var fields = fieldsNode.AsArray();
                        Expect(errors, fields.Count is > 0 and <= 10, $"{where}.fields: 1..10");
                        foreach (var field in fields)
                        {
                            CheckText(errors, where + ".fields[]", field, 2000);
                        }
                    }
                    break;
                case "context":
                    var elements = block["elements"]!.AsArray();
                    Expect(errors, elements.Count is > 0 and <= 10, $"{where}.elements: 1..10");
                    foreach (var element in elements)
                    {
                        CheckText(errors, where + ".elements[]", element, 3000);
                    }
                    break;
                case "divider":
                    break;
                default:
                    errors.Add($"{where}: unknown block type {block["type"]}");
                    break;
            }
        }
        return errors;
    }

    private static void CheckText(List<string> errors, string where, JsonNode? node, int max, bool plainOnly = false)
    {
        if (node is not JsonObject text || (string?)text["type"] is not ("plain_text" or "mrkdwn") || text["text"] is not JsonValue value)
        {
            errors.Add($"{where}: a text object");
            return;
        }
        var type = (string)text["type"]!;
        Expect(errors, !plainOnly || type == "plain_text", $"{where}: plain_text");
        var content = value.GetValue<string>();
        Expect(errors, content.Length is > 0 && content.Length <= max, $"{where}: 1..{max} characters, got {content.Length}");
        if (type == "mrkdwn")
        {
            CheckMrkdwn(errors, where, content);
        }
    }

    private static void CheckMrkdwn(List<string> errors, string where, string content)
    {
        var outsideControls = ControlSequence().Replace(content, "");
        Expect(errors, !outsideControls.Contains('<') && !outsideControls.Contains('>'), $"{where}: unescaped < or >");
        Expect(errors, !RawAmpersand().IsMatch(content), $"{where}: unescaped &");
    }

    private static void Expect(List<string> errors, bool condition, string rule)
    {
        if (!condition)
        {
            errors.Add(rule);
        }
    }

    [GeneratedRegex(@"<https?://[^<>|\s]+\|[^<>]*>")]
    private static partial Regex ControlSequence();

    [GeneratedRegex(@"&(?!amp;|lt;|gt;)")]
    private static partial Regex RawAmpersand();
}
