using System.Globalization;
using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Notifier.Slack;
using static Enrichment.Notifier.Slack.SlackBlocks;

namespace Enrichment.Notifier.Incidents;

/// <summary>
/// The Slack message for one incident update: a header with the change and the title (the digest's, else the root's
/// name), the size and root, the digest's summary, blast radius and first steps while open, the most frequent alert names,
/// and a context line (incident id, digest source). Escaped for mrkdwn and cut to Slack's limits like alert messages.
/// </summary>
public static class SlackIncidentMessageBuilder
{
    public static JsonObject Build(IncidentUpdated update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var incident = update.Incident;
        var digest = incident.Digest;
        var resolved = incident.Status == "resolved";
        var rootName = incident.RootAlert?.Labels.GetValueOrDefault("alertname");
        var title = digest?.Title ?? rootName ?? "Incident " + incident.Id;
        var state = update.Event switch
        {
            "opened" => "INCIDENT",
            "grown" => "INCIDENT GREW",
            "root_changed" => "NEW ROOT",
            "resolved" => "RESOLVED",
            _ => "INCIDENT",
        };
        var icon = resolved ? ":white_check_mark:" : ":rotating_light:";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(SlackText.Truncate($"{state}: {title}", SlackLimits.HeaderText)) },
        };

        var fields = new JsonArray();
        AddField(fields, "Alerts", incident.Size.ToString(CultureInfo.InvariantCulture) + (resolved ? "" : $" ({incident.Firing.ToString(CultureInfo.InvariantCulture)} tracked firing)"));
        AddField(fields, "Probable root", rootName is null ? null : rootName + (incident.RootBasis is { } basis ? $" ({basis})" : ""));
        AddField(fields, "Categories", incident.Categories.Count == 0 ? null : string.Join(", ", incident.Categories));
        AddField(fields, "Scope", incident.Scope.Count == 0 ? null : string.Join(", ", incident.Scope.Select(p => $"{p.Key}={p.Value}")));
        if (fields.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }
        if (digest is not null)
        {
            blocks.Add(Section("*Summary*\n" + SlackText.Escape(digest.Summary)));
            if (!string.IsNullOrWhiteSpace(digest.BlastRadius))
            {
                blocks.Add(Section("*Blast radius*\n" + SlackText.Escape(digest.BlastRadius)));
            }
            if (!resolved && digest.Steps.Count > 0)
            {
                blocks.Add(Section("*First steps*\n" + string.Join("\n", digest.Steps.Select((s, i) => $"{i + 1}. {SlackText.Escape(s)}"))));
            }
        }
        if (incident.Alertnames.Count > 0)
        {
            blocks.Add(Section("*Alerts*\n" + string.Join(", ", incident.Alertnames.Select(p => $"{SlackText.Escape(p.Key)} ×{p.Value.ToString(CultureInfo.InvariantCulture)}"))));
        }
        var context = new JsonArray
        {
            Mrkdwn("Incident " + SlackText.Escape(incident.Id)),
            Mrkdwn("Changes " + SlackText.Escape(string.Join(", ", update.Changes))),
            Mrkdwn("Since " + incident.OpenedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
        };
        if (digest is not null)
        {
            context.Add(Mrkdwn(SlackText.Truncate("Digest by " + SlackText.Escape(digest.Model is { Length: > 0 } model ? $"{digest.Source} ({model})" : digest.Source), SlackLimits.SectionText)));
        }
        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = context });

        var fallback = $"{icon} [{state}] {SlackText.Escape(title)} ({incident.Size.ToString(CultureInfo.InvariantCulture)} alerts)";
        return new JsonObject { ["text"] = SlackText.Truncate(fallback, SlackLimits.FallbackText), ["blocks"] = blocks };
    }
}
