using System.Globalization;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Incidents.Evaluation;

/// <summary>
/// A labelled alert storm (<c>tests/data/incidents/*.json</c>): the notifications in the order they arrive, each alert
/// labelled with the incident it truly belongs to and, for one alert per incident, that it is the root.
/// <code>
/// {"name": "…", "description": "…", "notifications": [
///   {"at": "30s", "groupKey": "{}:{cluster=\"prod\"}", "alerts": [
///     {"incident": "A", "root": true, "startsAt": "-2m", "status": "firing", "expr": "up == 0",
///      "labels": {…}, "annotations": {…}}]}]}
/// </code>
/// <c>at</c> is when the notification arrives and <c>startsAt</c> when the alert started, both relative to the scenario's
/// start; a notification without <c>groupKey</c> came through <c>/api/v2/alerts</c>.
/// </summary>
public sealed record IncidentScenario(string Name, string Description, IReadOnlyList<ScenarioNotification> Notifications)
{
    /// <summary>Scenarios start here: any fixed instant does, the replay's clock is its own.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public IEnumerable<ScenarioAlert> Alerts => Notifications.SelectMany(n => n.Alerts);

    public static IncidentScenario Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var name = root.TryGetProperty("name", out var n) ? n.GetString()! : Path.GetFileNameWithoutExtension(path);
        var description = root.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
        var notifications = new List<ScenarioNotification>();
        foreach (var notification in root.GetProperty("notifications").EnumerateArray())
        {
            var at = Epoch + Duration(notification.GetProperty("at").GetString()!);
            var groupKey = notification.TryGetProperty("groupKey", out var g) ? g.GetString() : null;
            var alerts = notification.GetProperty("alerts").EnumerateArray().Select(a => ReadAlert(a, at)).ToList();
            notifications.Add(new ScenarioNotification(at, groupKey, alerts));
        }
        return new IncidentScenario(name, description, notifications.OrderBy(x => x.At).ToList());
    }

    public static IReadOnlyList<IncidentScenario> ReadDirectory(string directory) =>
        Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(Read).ToList();

    private static ScenarioAlert ReadAlert(JsonElement element, DateTimeOffset receivedAt)
    {
        var labels = element.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        var annotations = element.TryGetProperty("annotations", out var a)
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var status = element.TryGetProperty("status", out var s) ? s.GetString() ?? AlertStatus.Firing : AlertStatus.Firing;
        var startsAt = Epoch + (element.TryGetProperty("startsAt", out var st) ? Duration(st.GetString()!) : receivedAt - Epoch);
        var expr = element.TryGetProperty("expr", out var e) ? e.GetString() : null;
        var alert = new AlertData
        {
            Fingerprint = AlertFingerprint.Compute(labels),
            Status = status,
            Labels = labels,
            Annotations = annotations,
            StartsAt = startsAt,
            EndsAt = status == AlertStatus.Resolved ? receivedAt : null,
            GeneratorUrl = expr is null ? null : "http://prometheus:9090/graph?g0.expr=" + Uri.EscapeDataString(expr),
        };
        return new ScenarioAlert(
            alert,
            element.GetProperty("incident").GetString()!,
            element.TryGetProperty("root", out var r) && r.GetBoolean());
    }

    /// <summary><c>90s</c>, <c>-2m</c>, <c>1h</c>, <c>0</c>.</summary>
    public static TimeSpan Duration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var sign = 1;
        if (value.StartsWith('-'))
        {
            sign = -1;
            value = value[1..];
        }
        else if (value.StartsWith('+'))
        {
            value = value[1..];
        }
        if (value == "0")
        {
            return TimeSpan.Zero;
        }
        var unit = value[^1];
        var number = double.Parse(value[..^1], CultureInfo.InvariantCulture);
        var span = unit switch
        {
            's' => TimeSpan.FromSeconds(number),
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            _ => throw new FormatException($"'{text}' is not a duration such as 30s, -2m or 1h"),
        };
        return sign * span;
    }
}

/// <summary>One notification (one request to the gateway).</summary>
public sealed record ScenarioNotification(DateTimeOffset At, string? GroupKey, IReadOnlyList<ScenarioAlert> Alerts);

/// <summary>An alert and its truth: the incident it belongs to, and whether it is that incident's root.</summary>
public sealed record ScenarioAlert(AlertData Alert, string Incident, bool Root);
