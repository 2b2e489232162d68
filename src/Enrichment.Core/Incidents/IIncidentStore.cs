namespace Enrichment.Core.Incidents;

/// <summary>
/// Where the <see cref="IncidentBook"/> lives: process memory in the embedded mode, Redis when <c>REDIS_URL</c> is set, so
/// that every worker shares it and it outlives any of them.
/// </summary>
public interface IIncidentStore
{
    /// <summary><c>memory</c> or <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs <paramref name="change"/> on the current book and stores the book if it was changed
    /// (<see cref="IncidentBook.MarkChanged"/>), atomically: when another writer stored a book in between,
    /// <paramref name="change"/> runs again on that one. It must therefore depend on nothing but the book and its arguments.
    /// </summary>
    Task<T> UpdateAsync<T>(Func<IncidentBook, T> change, CancellationToken cancellationToken);

    /// <summary>The current book, for reading.</summary>
    Task<IncidentBook> ReadAsync(CancellationToken cancellationToken);
}
