using Enrichment.Contracts;

namespace Enrichment.Core.History;

/// <summary>What one alert's event says of its signature's past (the contract's <c>history</c>).</summary>
public sealed record AlertHistory(
    DateTimeOffset FirstSeen,
    int Fired7d,
    int Fired30d,
    long? MedianResolveSeconds,
    bool Flapping,
    Novelty Novelty,
    bool Transient)
{
    public HistoryClass Class => new(Novelty, Transient);

    public HistoryData ToData() => new()
    {
        FirstSeen = FirstSeen,
        Fired7d = Fired7d,
        Fired30d = Fired30d,
        MedianResolveSeconds = MedianResolveSeconds,
        Flapping = Flapping,
        Novelty = Novelty.ToWire(),
        Transient = Transient,
    };
}
