using System.Text.Json;
using System.Text.Unicode;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Alertmanager;

/// <summary>
/// Reads and validates the two shapes Alertmanager's world sends: the webhook payload (version 4)
/// and the API v2 postable-alerts array that Prometheus posts. Hand-written over
/// <see cref="JsonDocument"/> rather than deserialised into classes so that every refusal names the
/// exact field (<c>alerts[3].labels.severity</c>) and wrong types never half-bind.
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
            return PayloadParseResult.Invalid("$", $"must be a webhook object, not {Describe(root.ValueKind)}");
        }
        if (!root.TryGetProperty("alerts", out var alerts))
        {
            return PayloadParseResult.Invalid("alerts", "is required");
        }
        return ParseAlertArray(alerts, "alerts", fromWebhook: true, limits, now);
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
        return ParseAlertArray(document.RootElement, "", fromWebhook: false, limits, now);
    }

    private static JsonDocument? Load(ReadOnlySpan<byte> body, PayloadLimits limits, out PayloadParseResult? error)
    {
        error = null;
        if (body.IsEmpty)
        {
            error = PayloadParseResult.Invalid("$", "the body is empty");
            return null;
        }
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
            error = PayloadParseResult.Invalid(where, $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}");
            return null;
        }
    }

    private static PayloadParseResult ParseAlertArray(JsonElement array, string path, bool fromWebhook, PayloadLimits limits, DateTimeOffset now)
    {
        var field = path.Length == 0 ? "$" : path;
        if (array.ValueKind != JsonValueKind.Array)
        {
            return PayloadParseResult.Invalid(field, $"must be an array of alerts, not {Describe(array.ValueKind)}");
        }
        var count = array.GetArrayLength();
        if (count > limits.MaxAlertsPerRequest)
        {
            return PayloadParseResult.Invalid(field, $"has {count} alerts; at most {limits.MaxAlertsPerRequest} are accepted per request");
        }
        var alerts = new List<AlertData>(count);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var alert = ParseAlert(element, $"{path}[{index}]", fromWebhook, limits, now, out var error);
            if (alert is null)
            {
                return new PayloadParseResult([], error);
            }
            alerts.Add(alert);
            index++;
        }
        return new PayloadParseResult(alerts, null);
    }

    private static AlertData? ParseAlert(JsonElement element, string path, bool fromWebhook, PayloadLimits limits, DateTimeOffset now, out PayloadError? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = new PayloadError(path, $"must be an alert object, not {Describe(element.ValueKind)}");
            return null;
        }
        if (!element.TryGetProperty("labels", out var labelsElement))
        {
            error = new PayloadError($"{path}.labels", "is required");
            return null;
        }
        var labels = ParseStringMap(labelsElement, $"{path}.labels", limits, out error);
        if (labels is null)
        {
            return null;
        }
        if (labels.Count == 0)
        {
            error = new PayloadError($"{path}.labels", "must not be empty");
            return null;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("annotations", out var annotationsElement) && annotationsElement.ValueKind != JsonValueKind.Null)
        {
            annotations = ParseStringMap(annotationsElement, $"{path}.annotations", limits, out error);
            if (annotations is null)
            {
                return null;
            }
        }

        if (!TryTimestamp(element, "startsAt", path, out var startsAt, out error)
            || !TryTimestamp(element, "endsAt", path, out var endsAt, out error)
            || !TryOptionalString(element, "generatorURL", path, limits, out var generatorUrl, out error)
            || !TryOptionalString(element, "status", path, limits, out var status, out error)
            || !TryOptionalString(element, "fingerprint", path, limits, out var fingerprint, out error))
        {
            return null;
        }

        if (!fromWebhook)
        {
            // The v2 API carries no status: like Alertmanager, an alert whose endsAt has passed is resolved.
            status = null;
            fingerprint = null;
        }
        if (status is not null && !AlertStatus.IsKnown(status))
        {
            error = new PayloadError($"{path}.status", $"must be \"firing\" or \"resolved\", not \"{Truncate(status)}\"");
            return null;
        }
        status ??= endsAt is { } end && end > DateTimeOffset.UnixEpoch && end <= now ? AlertStatus.Resolved : AlertStatus.Firing;

        return new AlertData
        {
            Fingerprint = string.IsNullOrEmpty(fingerprint) ? AlertFingerprint.Compute(labels) : fingerprint,
            Status = status,
            Labels = labels,
            Annotations = annotations,
            StartsAt = startsAt,
            EndsAt = endsAt,
            GeneratorUrl = string.IsNullOrEmpty(generatorUrl) ? null : generatorUrl,
        };
    }

    private static Dictionary<string, string>? ParseStringMap(JsonElement element, string path, PayloadLimits limits, out PayloadError? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = new PayloadError(path, $"must be an object of string values, not {Describe(element.ValueKind)}");
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = $"{path}.{property.Name}";
            if (property.Name.Length == 0)
            {
                error = new PayloadError(path, "has an empty name");
                return null;
            }
            if (property.Name.Length > limits.MaxValueLength)
            {
                error = new PayloadError(path, $"has a name longer than {limits.MaxValueLength} characters");
                return null;
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = new PayloadError(field, $"must be a string, not {Describe(property.Value.ValueKind)}");
                return null;
            }
            var value = property.Value.GetString()!;
            if (value.Length > limits.MaxValueLength)
            {
                error = new PayloadError(field, $"is {value.Length} characters long; at most {limits.MaxValueLength} are accepted");
                return null;
            }
            if (!map.TryAdd(property.Name, value))
            {
                error = new PayloadError(field, "appears twice");
                return null;
            }
            if (map.Count > limits.MaxLabelsPerAlert)
            {
                error = new PayloadError(path, $"has more than {limits.MaxLabelsPerAlert} entries");
                return null;
            }
        }
        return map;
    }

    private static bool TryTimestamp(JsonElement alert, string name, string path, out DateTimeOffset? value, out PayloadError? error)
    {
        value = null;
        error = null;
        if (!alert.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.String || !element.TryGetDateTimeOffset(out var parsed))
        {
            error = new PayloadError($"{path}.{name}", "must be an RFC 3339 timestamp such as \"2024-05-01T12:00:00Z\"");
            return false;
        }
        value = parsed;
        return true;
    }

    private static bool TryOptionalString(JsonElement alert, string name, string path, PayloadLimits limits, out string? value, out PayloadError? error)
    {
        value = null;
        error = null;
        if (!alert.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = new PayloadError($"{path}.{name}", $"must be a string, not {Describe(element.ValueKind)}");
            return false;
        }
        value = element.GetString();
        if (value!.Length > limits.MaxValueLength)
        {
            error = new PayloadError($"{path}.{name}", $"is longer than {limits.MaxValueLength} characters");
            return false;
        }
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
