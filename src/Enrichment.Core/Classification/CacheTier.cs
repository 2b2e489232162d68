namespace Enrichment.Core.Classification;

/// <summary>Where a cached answer came from (<c>cache</c>).</summary>
public static class CacheTier
{
    public const string None = "none";
    public const string L1 = "l1";
    public const string L2 = "l2";
}
