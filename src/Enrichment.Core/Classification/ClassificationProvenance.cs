namespace Enrichment.Core.Classification;

/// <summary>Who answered (<c>source</c>).</summary>
public static class ClassificationSource
{
    /// <summary>The built-in model (<c>LLM_ENABLED=true</c>).</summary>
    public const string Llm = "llm";

    /// <summary>The built-in rules.</summary>
    public const string Rules = "rules";

    /// <summary>A plug-in's classifier (<c>ENRICHMENT_PLUGINS</c>); the host stamps it, whatever the plug-in wrote.</summary>
    public const string Plugin = "plugin";

    /// <summary>A correction people made for the signature (<c>POST /api/v1/feedback</c>), ahead of cache and model.</summary>
    public const string Override = "override";
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
