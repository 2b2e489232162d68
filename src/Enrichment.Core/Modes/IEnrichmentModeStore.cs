namespace Enrichment.Core.Modes;

/// <summary>Where the mode set at run time lives: Redis when configured, so that every process shares it.</summary>
public interface IEnrichmentModeStore
{
    /// <summary><c>redis</c> or <c>memory</c>: reported as the mode's source once a mode is stored.</summary>
    string Name { get; }

    /// <summary>The stored mode, or null when none was ever set. Throws when the store is unreachable.</summary>
    Task<EnrichmentMode?> ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(EnrichmentMode mode, CancellationToken cancellationToken);
}

/// <summary>The store of a single process: the mode set by <c>PUT</c> lives as long as the process.</summary>
public sealed class InMemoryModeStore : IEnrichmentModeStore
{
    // Boxed so that reads and writes are atomic without a lock.
    private object? _mode;

    public string Name => "memory";

    public Task<EnrichmentMode?> ReadAsync(CancellationToken cancellationToken) => Task.FromResult((EnrichmentMode?)Volatile.Read(ref _mode));

    public Task WriteAsync(EnrichmentMode mode, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _mode, mode);
        return Task.CompletedTask;
    }
}
