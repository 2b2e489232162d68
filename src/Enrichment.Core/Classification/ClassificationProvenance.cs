namespace Enrichment.Core.Classification;

/// <summary>Who answered (<c>source</c>).</summary>
public static class ClassificationSource
{
    public const string Llm = "llm";
    public const string Rules = "rules";
}

/// <summary>Where a cached answer came from (<c>cache</c>).</summary>
public static class CacheTier
{
    public const string None = "none";
    public const string L1 = "l1";
    public const string L2 = "l2";
}

/// <summary>Why the rules answered instead of the configured classifier (<c>degradedReason</c>).</summary>
public static class DegradedReason
{
    public const string LlmDisabled = "llm_disabled";
    public const string CircuitOpen = "circuit_open";
    public const string Timeout = "timeout";
    public const string RateLimited = "rate_limited";
    public const string InvalidOutput = "invalid_output";
    public const string BudgetExhausted = "budget_exhausted";
    public const string Error = "error";
}
