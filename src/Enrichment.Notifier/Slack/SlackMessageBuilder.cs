using System.Globalization;
using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Feedback;
using Enrichment.Core.Modes;
using static Enrichment.Notifier.Slack.SlackBlocks;

namespace Enrichment.Notifier.Slack;

/// <summary>
/// Builds the incoming-webhook message for one enriched alert: a top-level <c>text</c> (what
/// notifications and screen readers show) and Block Kit <c>blocks</c> — a header with the state and
/// alert name, severity and category fields, the summary, the recommendations while firing, and a
/// context line linking the source (<c>generatorURL</c>), and in the enriching modes how to correct the verdict. What the mode reveals comes from
/// <see cref="ModePresentation"/>: in <c>transparent</c> mode the alert's own severity and summary are shown.
/// Every text is escaped for mrkdwn and cut to Slack's limits (<see cref="SlackLimits"/>).
/// </summary>
public static class SlackMessageBuilder
{
    public static JsonObject Build(AlertEnriched enriched, FeedbackLink? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        var alert = enriched.Alert;
        var shown = ModePresentation.Present(enriched, feedback);
        var resolved = alert.Status == AlertStatus.Resolved;
        var name = Value(shown.Labels, "alertname") ?? "Alert " + alert.Fingerprint;
        var severity = shown.AiSeverity ?? Value(shown.Labels, "severity");
        var summary = shown.AiSummary ?? Value(shown.Annotations, "summary") ?? Value(shown.Annotations, "description");
        var state = resolved ? "RESOLVED" : "FIRING";
        var icon = resolved ? ":white_check_mark:" : Icon(severity);

        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(SlackText.Truncate($"{state}: {name}", SlackLimits.HeaderText)),
            },
        };

        var fields = new JsonArray();
        AddField(fields, "Severity", severity);
        AddField(fields, "Category", shown.AiCategory);
        AddField(fields, "Confidence", shown.AiConfidence is { } confidence ? ModePresentation.FormatConfidence(confidence) : null);
        AddField(fields, "Instance", Value(shown.Labels, "instance"));
        if (fields.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }
        if (summary is not null)
        {
            blocks.Add(Section("*Summary*\n" + SlackText.Escape(summary)));
        }
        // A resolved alert needs no action: its recommendations would only be noise.
        if (!resolved && shown.AiRecommendations.Count > 0)
        {
            blocks.Add(Section("*Recommendations*\n" + string.Join("\n", shown.AiRecommendations.Select(r => "• " + SlackText.Escape(r)))));
        }
        blocks.Add(Context(enriched, shown));
        // Until the console exists, a command to edit and run; a person who knows better than the verdict says so here.
        if (shown.FeedbackCommand is { } command && command.Length + 40 <= SlackLimits.SectionText)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Mrkdwn("Wrong verdict? Correct it: `" + SlackText.Escape(command) + "`") },
            });
        }

        var fallback = $"{icon} [{state}] {SlackText.Escape(name)}" + (summary is null ? "" : ": " + SlackText.Escape(summary));
        return new JsonObject
        {
            ["text"] = SlackText.Truncate(fallback, SlackLimits.FallbackText),
            ["blocks"] = blocks,
        };
    }

    private static JsonObject Context(AlertEnriched enriched, AlertPresentation shown)
    {
        var elements = new JsonArray();
        if (SlackText.Link(enriched.Alert.GeneratorUrl, "Source") is { } link && link.Length <= SlackLimits.SectionText)
        {
            elements.Add(Mrkdwn(link));
        }
        if (AlertTime.IsSet(enriched.Alert.StartsAt))
        {
            elements.Add(Mrkdwn("Since " + enriched.Alert.StartsAt.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        }
        elements.Add(Mrkdwn("Mode " + SlackText.Escape(SlackText.Truncate(enriched.Mode, 100))));
        if (shown.IsEnriched && enriched.Classification is { } classification)
        {
            var by = classification.Model is { Length: > 0 } model ? $"{classification.Source} ({model})" : classification.Source;
            elements.Add(Mrkdwn(SlackText.Truncate("Classified by " + SlackText.Escape(by), SlackLimits.SectionText)));
        }
        elements.Add(Mrkdwn("Fingerprint " + SlackText.Escape(SlackText.Truncate(enriched.Alert.Fingerprint, 100))));
        return new JsonObject { ["type"] = "context", ["elements"] = elements };
    }

    private static string? Value(IReadOnlyDictionary<string, string> map, string name) =>
        map.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string Icon(string? severity) => severity?.ToLowerInvariant() switch
    {
        "critical" => ":red_circle:",
        "info" => ":large_blue_circle:",
        "noise" => ":white_circle:",
        _ => ":large_orange_circle:",
    };
}
