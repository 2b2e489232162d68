using System.Text.Json.Serialization;

namespace Enrichment.Notifier.Webhook;

/// <summary>
/// Alertmanager's webhook body, version 4 (its <c>notify/webhook.Message</c>: <c>template.Data</c> plus
/// <c>version</c>, <c>groupKey</c> and <c>truncatedAlerts</c>). Property names, types and nesting are Alertmanager's;
/// label and annotation maps are written with sorted keys, as Go writes maps.
/// </summary>
public sealed record AlertmanagerWebhookMessage
{
    [JsonPropertyName("receiver")]
    public required string Receiver { get; init; }

    /// <summary><c>firing</c> when any alert of the body fires, else <c>resolved</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("alerts")]
    public required IReadOnlyList<AlertmanagerWebhookAlert> Alerts { get; init; }

    [JsonPropertyName("groupLabels")]
    public required IReadOnlyDictionary<string, string> GroupLabels { get; init; }

    [JsonPropertyName("commonLabels")]
    public required IReadOnlyDictionary<string, string> CommonLabels { get; init; }

    [JsonPropertyName("commonAnnotations")]
    public required IReadOnlyDictionary<string, string> CommonAnnotations { get; init; }

    [JsonPropertyName("externalURL")]
    public required string ExternalUrl { get; init; }

    [JsonPropertyName("version")]
    public string Version { get; init; } = "4";

    [JsonPropertyName("groupKey")]
    public required string GroupKey { get; init; }

    /// <summary>Always 0: a body carries every alert of its batch.</summary>
    [JsonPropertyName("truncatedAlerts")]
    public int TruncatedAlerts { get; init; }
}

/// <summary>One alert of <see cref="AlertmanagerWebhookMessage"/> (Alertmanager's <c>template.Alert</c>).</summary>
public sealed record AlertmanagerWebhookAlert
{
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("labels")]
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    [JsonPropertyName("annotations")]
    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    [JsonPropertyName("startsAt")]
    [JsonConverter(typeof(GoTimeJsonConverter))]
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>Go's zero time (<c>0001-01-01T00:00:00Z</c>) while the alert fires, as Alertmanager sends it.</summary>
    [JsonPropertyName("endsAt")]
    [JsonConverter(typeof(GoTimeJsonConverter))]
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>Empty, never absent, when the alert has none.</summary>
    [JsonPropertyName("generatorURL")]
    public required string GeneratorUrl { get; init; }

    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }
}
