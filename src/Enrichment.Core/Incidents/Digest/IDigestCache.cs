using Enrichment.Contracts;

namespace Enrichment.Core.Incidents.Digest;

/// <summary>
/// Digests by the digester's namespace and the incident's set of signatures: an incident made of the same kinds of alert
/// as one digested before costs no model call. In memory, and in Redis when <c>REDIS_URL</c> is set (for
/// <c>LLM_CACHE_TTL</c>). A cached digest holds marks, and in <see cref="IncidentDigestData.ProbableRoot"/> the
/// <em>signature</em> of its probable root (each incident maps it onto a member of its own).
/// </summary>
public interface IDigestCache
{
    Task<IncidentDigestData?> GetAsync(string key, CancellationToken cancellationToken);

    Task SetAsync(string key, IncidentDigestData digest, CancellationToken cancellationToken);
}

/// <summary>The digest cache in process memory, bounded (the oldest entry goes first).</summary>
public sealed class MemoryDigestCache(int capacity = 1_000) : IDigestCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IncidentDigestData> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public Task<IncidentDigestData?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.GetValueOrDefault(key));
        }
    }

    public Task SetAsync(string key, IncidentDigestData digest, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.ContainsKey(key))
            {
                _order.Enqueue(key);
                while (_order.Count > capacity)
                {
                    _entries.Remove(_order.Dequeue());
                }
            }
            _entries[key] = digest;
        }
        return Task.CompletedTask;
    }
}
