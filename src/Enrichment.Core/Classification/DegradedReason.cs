namespace Enrichment.Core.Classification;

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
