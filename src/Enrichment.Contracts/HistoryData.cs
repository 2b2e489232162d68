using System.Text.Json.Serialization;

namespace Enrichment.Contracts;

/// <summary>
/// What the service has seen of an alert's signature before (the event's <c>history</c>). <see cref="Novelty"/> and
/// <see cref="Transient"/> are decided when the alert first fires and kept until it resolves; the counts are current.
/// </summary>
public sealed record HistoryData
{
    /// <summary>When an alert of this signature was first seen (within the retention of 30 days).</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Firings of the signature that started in the last 7 days, this one included.</summary>
    [JsonPropertyName("fired7d")]
    public required int Fired7d { get; init; }

    /// <summary>Firings of the signature that started in the last 30 days, this one included.</summary>
    [JsonPropertyName("fired30d")]
    public required int Fired30d { get; init; }

    /// <summary>Median time from firing to resolved over the signature's recent resolutions; null before the first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? MedianResolveSeconds { get; init; }

    /// <summary>The signature re-fired soon after resolving, repeatedly, in the last 24 hours.</summary>
    public required bool Flapping { get; init; }

    /// <summary><c>new</c>, <c>rare</c> or <c>recurring</c>.</summary>
    public required string Novelty { get; init; }

    /// <summary>Recurring, and usually resolves by itself quickly.</summary>
    public required bool Transient { get; init; }
}
