namespace Enrichment.Core.Feedback;

/// <summary>
/// Where corrections live, shared by the gateway that takes them and every worker that applies them: Redis with
/// <c>REDIS_URL</c> (kept across restarts), process memory in the embedded mode. Every change bumps a generation
/// number, so a worker re-reads the whole set only when it changed.
/// </summary>
public interface IOverrideStore
{
    /// <summary><c>redis</c> or <c>memory</c>.</summary>
    string Name { get; }

    /// <summary>The current generation: it grows with every change.</summary>
    Task<long> GenerationAsync(CancellationToken cancellationToken);

    /// <summary>Every override in force, and the generation they belong to.</summary>
    Task<OverrideSet> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) the override of its signature; returns the new generation.</summary>
    Task<long> SetAsync(SignatureOverride correction, CancellationToken cancellationToken);

    /// <summary>Removes the override of a signature (every override with null); returns how many went, and the new generation.</summary>
    Task<(int Removed, long Generation)> DeleteAsync(string? signature, CancellationToken cancellationToken);
}

/// <summary>The overrides in force at one generation.</summary>
public sealed record OverrideSet(long Generation, IReadOnlyDictionary<string, SignatureOverride> Overrides)
{
    public static OverrideSet Empty { get; } = new(0, new Dictionary<string, SignatureOverride>(StringComparer.Ordinal));
}
