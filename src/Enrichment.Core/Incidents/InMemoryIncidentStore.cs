namespace Enrichment.Core.Incidents;

/// <summary>
/// The book in process memory (the embedded mode, or a process that runs gateway and worker without <c>REDIS_URL</c>):
/// updates take turns. The book stays decoded between updates; each change is also kept encoded, so that a change that
/// throws half-way is undone (the book is read back from the last good copy) and the API reads a consistent copy.
/// Resolved incidents, once announced, move to an archive beside it.
/// </summary>
public sealed class InMemoryIncidentStore : IIncidentStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _state = [];
    private IncidentBook? _book;
    private readonly Dictionary<string, byte[]> _archive = new(StringComparer.Ordinal);

    public string Name => "memory";

    public async Task<T> UpdateAsync<T>(Func<IncidentBook, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var book = _book ?? IncidentBookCodec.Decode(_state);
            book.ClearChanged();
            T result;
            try
            {
                result = change(book);
            }
            catch
            {
                _book = null;
                throw;
            }
            if (book.Changed)
            {
                _state = IncidentBookCodec.Encode(book);
                lock (_archive)
                {
                    foreach (var incident in book.ToArchive)
                    {
                        _archive[incident.Id] = IncidentBookCodec.EncodeIncident(incident);
                    }
                    foreach (var id in book.ArchiveDeletes)
                    {
                        _archive.Remove(id);
                    }
                }
            }
            _book = book;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A copy of the book with the archived incidents after the live ones: readers must not disturb the book updates change.</summary>
    public Task<IncidentBook> ReadAsync(CancellationToken cancellationToken)
    {
        var book = IncidentBookCodec.Decode(Volatile.Read(ref _state));
        lock (_archive)
        {
            book.Incidents.AddRange(_archive.Values.Select(IncidentBookCodec.DecodeIncident).OfType<IncidentState>());
        }
        return Task.FromResult(book);
    }

    public void Dispose() => _gate.Dispose();
}
