namespace Enrichment.Core.History;

/// <summary>How familiar an alert's signature is: never seen, seen a few times, or firing again and again.</summary>
public enum Novelty
{
    New,
    Rare,
    Recurring,
}

public static class Novelties
{
    public static string ToWire(this Novelty novelty) => novelty switch
    {
        Novelty.New => "new",
        Novelty.Rare => "rare",
        Novelty.Recurring => "recurring",
        _ => throw new ArgumentOutOfRangeException(nameof(novelty)),
    };

    public static bool TryParse(string? value, out Novelty novelty)
    {
        foreach (var candidate in Enum.GetValues<Novelty>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.Ordinal))
            {
                novelty = candidate;
                return true;
            }
        }
        novelty = default;
        return false;
    }
}
