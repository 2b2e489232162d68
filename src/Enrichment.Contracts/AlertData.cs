using System.Text.Json.Serialization;

namespace Enrichment.Contracts;

/// <summary>
/// One Alertmanager alert as it travels through the pipeline and as notifiers show it.
/// Field names follow Alertmanager's own JSON (note <c>generatorURL</c>).
/// </summary>
public sealed record AlertData
{
    public required string Fingerprint { get; init; }

    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Case-sensitive: <c>env</c> and <c>Env</c> are two labels, from the request to every notifier.</summary>
    [JsonConverter(typeof(LabelMapJsonConverter))]
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    [JsonConverter(typeof(LabelMapJsonConverter))]
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>
    /// From a webhook, as received: Alertmanager sends <c>0001-01-01T00:00:00Z</c> while an alert fires. From
    /// <c>/api/v2/alerts</c>, null when not set (an unset or zero <c>endsAt</c>).
    /// </summary>
    public DateTimeOffset? EndsAt { get; init; }

    [JsonPropertyName("generatorURL")]
    public string? GeneratorUrl { get; init; }
}
