using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Alertmanager;

/// <summary>The two shapes an alert arrives in.</summary>
public enum AlertShape
{
    /// <summary>An element of <c>POST /api/v2/alerts</c> (<c>postableAlert</c>): no status, no fingerprint.</summary>
    Postable,

    /// <summary>An element of a webhook (version 4) body's <c>alerts</c>: with status and fingerprint.</summary>
    Webhook,
}

/// <summary>
/// Reads, validates and normalises one alert exactly as Alertmanager 0.25's API v2 does
/// (<c>postAlertsHandler</c>: <c>removeEmptyLabels</c>, then <c>model.Alert.Validate</c>), so that an alert is
/// valid here exactly when Alertmanager would store it, and comes out as Alertmanager shows it. Where Go's
/// decoder is more lenient than JSON and the OpenAPI spec (a <c>null</c> label value, a duplicated or
/// differently cased property name), the alert is refused: docs/ALERTMANAGER.md lists those cases.
/// </summary>
internal static class AlertReader
{
    private static readonly string[] PostableProperties = ["labels", "annotations", "startsAt", "endsAt", "generatorURL"];
    private static readonly string[] WebhookProperties = [.. PostableProperties, "status", "fingerprint"];

    /// <summary>
    /// Alertmanager's default <c>resolve_timeout</c>. It gives an alert posted without <c>endsAt</c> the end
    /// now + 5m <em>before</em> validating it, so a <c>startsAt</c> further ahead than that is "after the end"
    /// and refused; the gateway refuses it too.
    /// </summary>
    public static readonly TimeSpan AlertmanagerResolveTimeout = TimeSpan.FromMinutes(5);

    private const string TimestampExample = "an RFC 3339 timestamp with seconds and a zone, such as \"2024-05-01T12:00:00Z\"";

    public static AlertData? Read(JsonElement element, string path, AlertShape shape, PayloadLimits limits, DateTimeOffset now, out PayloadError? error)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = new PayloadError(path, $"must be an alert object, not {JsonText.Describe(element.ValueKind)}");
            return null;
        }
        var known = shape == AlertShape.Webhook ? WebhookProperties : PostableProperties;
        var values = new JsonElement?[known.Length];
        if (!Collect(element, path, known, values, out error))
        {
            return null;
        }

        if (values[0] is not { ValueKind: not JsonValueKind.Null } labelsElement)
        {
            error = new PayloadError($"{path}.labels", "is required");
            return null;
        }
        var labels = ReadMap(labelsElement, $"{path}.labels", "label", dropEmptyValues: true, limits, out error);
        if (labels is null)
        {
            return null;
        }
        var annotations = values[1] is { ValueKind: not JsonValueKind.Null } annotationsElement
            ? ReadMap(annotationsElement, $"{path}.annotations", "annotation", dropEmptyValues: false, limits, out error)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        if (annotations is null)
        {
            return null;
        }
        if (!TryTimestamp(values[2], $"{path}.startsAt", out var startsAt, out error)
            || !TryTimestamp(values[3], $"{path}.endsAt", out var endsAt, out error)
            || !TryString(values[4], $"{path}.generatorURL", limits, out var generatorUrl, out error))
        {
            return null;
        }
        if (!string.IsNullOrEmpty(generatorUrl) && !GoRequestUri.IsValid(generatorUrl))
        {
            error = new PayloadError($"{path}.generatorURL", "must be a URI: an absolute URI (\"http://prometheus:9090/graph?g0.expr=up\") or an absolute path (\"/graph?g0.expr=up\")");
            return null;
        }
        string? status = null;
        string? fingerprint = null;
        if (shape == AlertShape.Webhook
            && (!TryString(values[5], $"{path}.status", limits, out status, out error)
                || !TryString(values[6], $"{path}.fingerprint", limits, out fingerprint, out error)))
        {
            return null;
        }
        if (status is not null && !AlertStatus.IsKnown(status))
        {
            error = new PayloadError($"{path}.status", $"must be \"firing\" or \"resolved\", not \"{JsonText.Truncate(status)}\"");
            return null;
        }
        if (labels.Count == 0)
        {
            error = new PayloadError($"{path}.labels", "must hold at least one label with a non-empty value (empty-valued labels are dropped)");
            return null;
        }

        var end = AlertTime.IsSet(endsAt) ? endsAt : null;
        var start = AlertTime.IsSet(startsAt) ? startsAt.Value : end ?? now;
        if (end is { } endValue && endValue < start)
        {
            error = new PayloadError($"{path}.endsAt", $"is before startsAt ({start:O})");
            return null;
        }
        if (end is null && start > now + AlertmanagerResolveTimeout)
        {
            error = new PayloadError($"{path}.startsAt", "is more than 5m ahead and no endsAt is given: Alertmanager ends such an alert at now + resolve_timeout (5m), before it starts");
            return null;
        }
        // The v2 API carries no status: like Alertmanager, an alert whose endsAt has passed is resolved.
        status ??= end is { } ended && ended <= now ? AlertStatus.Resolved : AlertStatus.Firing;

        return new AlertData
        {
            Fingerprint = string.IsNullOrEmpty(fingerprint) ? AlertFingerprint.Compute(labels) : fingerprint,
            Status = status,
            Labels = labels,
            Annotations = annotations,
            StartsAt = start,
            // A webhook's zero endsAt ("still firing") is kept as Alertmanager sent it; on the v2 API it means "not set".
            EndsAt = shape == AlertShape.Webhook ? endsAt : end,
            GeneratorUrl = string.IsNullOrEmpty(generatorUrl) ? null : generatorUrl,
        };
    }

    /// <summary>Picks out the alert's own properties; everything else is ignored, as Alertmanager ignores it.</summary>
    private static bool Collect(JsonElement element, string path, string[] known, JsonElement?[] values, out PayloadError? error)
    {
        error = null;
        foreach (var property in element.EnumerateObject())
        {
            var index = Array.FindIndex(known, k => JsonText.NameIs(property, k));
            if (index >= 0)
            {
                if (values[index] is not null)
                {
                    // RFC 8259 leaves duplicate names undefined; Go would merge the two.
                    error = new PayloadError($"{path}.{known[index]}", "appears twice");
                    return false;
                }
                values[index] = property.Value;
                continue;
            }
            // Go matches property names to fields case-insensitively, so Alertmanager reads "Labels" as labels. JSON
            // names are case-sensitive, and ignoring it as unknown would silently drop what the sender meant.
            if (JsonText.TryGetName(property, out var name)
                && Array.Find(known, k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } meant)
            {
                error = new PayloadError($"{path}.{name}", $"property names are case-sensitive: did you mean \"{meant}\"?");
                return false;
            }
        }
        return true;
    }

    private static Dictionary<string, string>? ReadMap(JsonElement element, string path, string what, bool dropEmptyValues, PayloadLimits limits, out PayloadError? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = new PayloadError(path, $"must be an object of string values, not {JsonText.Describe(element.ValueKind)}");
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (seen.Count == limits.MaxLabelsPerAlert)
            {
                error = new PayloadError(path, $"has more than {limits.MaxLabelsPerAlert} entries (limit)");
                return null;
            }
            if (!JsonText.TryGetName(property, out var name))
            {
                error = new PayloadError(path, $"has a name that {JsonText.UnpairedSurrogate}");
                return null;
            }
            if (name.Length > limits.MaxValueLength)
            {
                error = new PayloadError(path, $"has a name longer than {limits.MaxValueLength} characters (GATEWAY_MAX_VALUE_LENGTH)");
                return null;
            }
            var field = $"{path}.{name}";
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = new PayloadError(field, $"must be a string, not {JsonText.Describe(property.Value.ValueKind)}");
                return null;
            }
            if (!JsonText.TryGetString(property.Value, out var value))
            {
                error = new PayloadError(field, JsonText.UnpairedSurrogate);
                return null;
            }
            if (value.Length > limits.MaxValueLength)
            {
                error = new PayloadError(field, $"is {value.Length} characters long; at most {limits.MaxValueLength} are accepted (GATEWAY_MAX_VALUE_LENGTH)");
                return null;
            }
            if (!seen.Add(name))
            {
                // RFC 8259 leaves duplicate names undefined; Go would keep the last.
                error = new PayloadError(field, "appears twice");
                return null;
            }
            // Alertmanager drops empty-valued labels before it checks names, so an empty label never refuses an alert.
            if (dropEmptyValues && value.Length == 0)
            {
                continue;
            }
            if (!LabelNames.IsValid(name))
            {
                error = new PayloadError(field, $"is not a valid {what} name: names match {LabelNames.Pattern}");
                return null;
            }
            map.Add(name, value);
        }
        return map;
    }

    private static bool TryTimestamp(JsonElement? element, string field, out DateTimeOffset? value, out PayloadError? error)
    {
        value = null;
        error = null;
        if (element is not { ValueKind: not JsonValueKind.Null } present)
        {
            return true;
        }
        if (present.ValueKind != JsonValueKind.String)
        {
            error = new PayloadError(field, $"must be {TimestampExample}, not {JsonText.Describe(present.ValueKind)}");
            return false;
        }
        if (!JsonText.TryGetString(present, out var text))
        {
            error = new PayloadError(field, JsonText.UnpairedSurrogate);
            return false;
        }
        switch (Rfc3339.TryParse(text, out var parsed))
        {
            case Rfc3339.Outcome.Valid:
                value = parsed;
                return true;
            case Rfc3339.Outcome.OutOfRange:
                error = new PayloadError(field, "is outside the supported range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (limit)");
                return false;
            default:
                error = new PayloadError(field, $"must be {TimestampExample}, not \"{JsonText.Truncate(text)}\"");
                return false;
        }
    }

    private static bool TryString(JsonElement? element, string field, PayloadLimits limits, out string? value, out PayloadError? error)
    {
        value = null;
        error = null;
        if (element is not { ValueKind: not JsonValueKind.Null } present)
        {
            return true;
        }
        if (present.ValueKind != JsonValueKind.String)
        {
            error = new PayloadError(field, $"must be a string, not {JsonText.Describe(present.ValueKind)}");
            return false;
        }
        if (!JsonText.TryGetString(present, out var text))
        {
            error = new PayloadError(field, JsonText.UnpairedSurrogate);
            return false;
        }
        if (text.Length > limits.MaxValueLength)
        {
            error = new PayloadError(field, $"is longer than {limits.MaxValueLength} characters (GATEWAY_MAX_VALUE_LENGTH)");
            return false;
        }
        value = text;
        return true;
    }
}
