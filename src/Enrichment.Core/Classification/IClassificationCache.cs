namespace Enrichment.Core.Classification;

/// <summary>
/// A store of classifications by signature key. Bulk by design: the worker looks a whole batch up
/// in one call (one Redis MGET) and writes it back in one call (one pipeline).
/// </summary>
public interface IClassificationCache
{
    /// <summary>The hits among <paramref name="keys"/>, each stamped with the tier that answered.</summary>
    ValueTask<IReadOnlyDictionary<string, AlertClassification>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    ValueTask SetManyAsync(IReadOnlyCollection<KeyValuePair<string, AlertClassification>> entries, CancellationToken cancellationToken);
}
