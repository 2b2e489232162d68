using System.Text.Json;
using System.Text.Unicode;
using Enrichment.Contracts;

namespace Enrichment.Core.Alertmanager;

/// <summary>
/// Reads the two bodies Alertmanager's world sends: the webhook payload (version 4) and the API v2
/// postable-alerts array that Prometheus and amtool post. Hand-written over <see cref="JsonDocument"/>
/// rather than deserialised into classes so that every refusal names the exact field
/// (<c>[3].labels.severity</c>), wrong types never half-bind, and each alert is judged on its own
/// (<see cref="AlertReader"/>).
/// </summary>
public static class AlertmanagerPayloadParser
{
    /// <summary>Parses an Alertmanager webhook (version 4) body.</summary>
    public static PayloadParseResult ParseWebhook(ReadOnlySpan<byte> body, PayloadLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var document = Load(body, limits, out var error);
        if (document is null)
        {
            return error!;
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return PayloadParseResult.Invalid("$", $"must be a webhook object, not {JsonText.Describe(root.ValueKind)}");
        }
        if (!JsonText.TryGetProperty(root, "alerts", out var alerts))
        {
            return PayloadParseResult.Invalid("alerts", "is required");
        }
        // The notification's groupKey travels with its alerts: they are candidates for one incident. A groupKey that is
        // not a string (or absent, from a sender that is not Alertmanager) only means no such hint.
        var groupKey = JsonText.TryGetProperty(root, "groupKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
        return ParseAlertArray(alerts, "alerts", AlertShape.Webhook, limits, now) with { GroupKey = string.IsNullOrEmpty(groupKey) ? null : groupKey };
    }

    /// <summary>Parses an Alertmanager API v2 <c>POST /api/v2/alerts</c> body (a JSON array).</summary>
    public static PayloadParseResult ParsePostableAlerts(ReadOnlySpan<byte> body, PayloadLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var document = Load(body, limits, out var error);
        if (document is null)
        {
            return error!;
        }
        return ParseAlertArray(document.RootElement, "", AlertShape.Postable, limits, now);
    }

    private static JsonDocument? Load(ReadOnlySpan<byte> body, PayloadLimits limits, out PayloadParseResult? error)
    {
        error = null;
        if (body.IsEmpty)
        {
            error = PayloadParseResult.Invalid("$", "the body is empty");
            return null;
        }
        // RFC 8259 §8.1: JSON is UTF-8. Go's decoder would turn bad bytes into U+FFFD and change the labels.
        if (!Utf8.IsValid(body))
        {
            error = PayloadParseResult.Invalid("$", "the body is not valid UTF-8");
            return null;
        }
        try
        {
            return JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? path : "$";
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? $" (nesting limit {limits.MaxDepth})" : "";
            error = PayloadParseResult.Invalid(where, $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}{depth}");
            return null;
        }
    }

    private static PayloadParseResult ParseAlertArray(JsonElement array, string path, AlertShape shape, PayloadLimits limits, DateTimeOffset now)
    {
        var field = path.Length == 0 ? "$" : path;
        if (array.ValueKind != JsonValueKind.Array)
        {
            return PayloadParseResult.Invalid(field, $"must be an array of alerts, not {JsonText.Describe(array.ValueKind)}");
        }
        var count = array.GetArrayLength();
        if (count > limits.MaxAlertsPerRequest)
        {
            return PayloadParseResult.Invalid(field, $"has {count} alerts; at most {limits.MaxAlertsPerRequest} are accepted per request (GATEWAY_MAX_ALERTS_PER_REQUEST)");
        }
        var alerts = new List<AlertData>(count);
        List<RefusedAlert>? refused = null;
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var alert = AlertReader.Read(element, $"{path}[{index}]", shape, limits, now, out var error);
            if (alert is null)
            {
                (refused ??= []).Add(new RefusedAlert(index, error!));
            }
            else
            {
                alerts.Add(alert);
            }
            index++;
        }
        return new PayloadParseResult { Alerts = alerts, Refused = refused ?? [] };
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
