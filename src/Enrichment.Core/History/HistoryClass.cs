namespace Enrichment.Core.History;

/// <summary>
/// An alert's history as a classifier is told it: only the class, never the counts. So the model's answer depends on
/// four possible values per signature, and the classification cache keeps one answer per class instead of missing
/// whenever a count moves (<see cref="Key"/> is part of the cache key).
/// </summary>
public readonly record struct HistoryClass(Novelty Novelty, bool Transient)
{
    /// <summary><c>new</c>, <c>rare</c>, <c>recurring</c> or <c>transient</c> (recurring and resolving itself).</summary>
    public string Key => Transient ? "transient" : Novelty.ToWire();
}
