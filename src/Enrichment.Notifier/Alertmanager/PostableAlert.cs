using System.Text.Json.Serialization;

namespace Enrichment.Notifier.Alertmanager;

/// <summary>One element of Alertmanager's <c>POST /api/v2/alerts</c> body (<c>postableAlert</c> in its OpenAPI spec).</summary>
public sealed record PostableAlert
{
    [JsonPropertyName("labels")]
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    [JsonPropertyName("annotations")]
    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    [JsonPropertyName("startsAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Always set: in the past for a resolved alert, in the future while it fires (see <see cref="PostableAlertMapper"/>).</summary>
    [JsonPropertyName("endsAt")]
    public required DateTimeOffset EndsAt { get; init; }

    [JsonPropertyName("generatorURL")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GeneratorUrl { get; init; }
}
