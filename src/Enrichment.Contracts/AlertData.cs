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

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Alertmanager sends <c>0001-01-01T00:00:00Z</c> while an alert fires; kept as received.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    [JsonPropertyName("generatorURL")]
    public string? GeneratorUrl { get; init; }
}
