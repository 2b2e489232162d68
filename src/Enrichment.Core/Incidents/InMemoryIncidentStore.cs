namespace Enrichment.Core.Incidents;

/// <summary>
/// The book in process memory (the embedded mode, or a process that runs gateway and worker without <c>REDIS_URL</c>):
/// updates are serialised by a lock. Kept encoded, as Redis keeps it, so that a change that throws half-way leaves
/// nothing behind and both stores behave alike.
/// </summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _state = [];

    public string Name => "memory";

    public async Task<T> UpdateAsync<T>(Func<IncidentBook, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var book = IncidentBookCodec.Decode(_state);
            var result = change(book);
            if (book.Changed)
            {
                _state = IncidentBookCodec.Encode(book);
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IncidentBook> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return IncidentBookCodec.Decode(_state);
        }
        finally
        {
            _gate.Release();
        }
    }
}
