namespace Enrichment.Core.Classification.Caching;

/// <summary>
/// L2: the cache every worker shares and that outlives restarts (Redis). Its hits are stamped
/// <see cref="CacheTier.L2"/>. It may be unreachable at any time; the tiered cache then carries on
/// with L1 alone.
/// </summary>
public interface ISharedClassificationCache : IClassificationCache
{
}
