namespace Enrichment.Core.Feedback;

/// <summary>Corrections in process memory: the embedded mode, where the gateway and the worker are one process. Lost on restart.</summary>
public sealed class InMemoryOverrideStore : IOverrideStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SignatureOverride> _overrides = new(StringComparer.Ordinal);
    private long _generation;

    public string Name => "memory";

    public Task<long> GenerationAsync(CancellationToken cancellationToken) => Task.FromResult(Interlocked.Read(ref _generation));

    public Task<OverrideSet> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new OverrideSet(_generation, new Dictionary<string, SignatureOverride>(_overrides, StringComparer.Ordinal)));
        }
    }

    public Task<long> SetAsync(SignatureOverride correction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        lock (_gate)
        {
            _overrides[correction.Signature] = correction;
            return Task.FromResult(Interlocked.Increment(ref _generation));
        }
    }

    public Task<(int Removed, long Generation)> DeleteAsync(string? signature, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var removed = signature is null ? _overrides.Count : _overrides.Remove(signature) ? 1 : 0;
            if (signature is null)
            {
                _overrides.Clear();
            }
            return Task.FromResult((removed, removed > 0 ? Interlocked.Increment(ref _generation) : Interlocked.Read(ref _generation)));
        }
    }
}
