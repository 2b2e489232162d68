namespace Enrichment.Llm;

/// <summary>Values of <c>enrichment_llm_requests_total{outcome}</c>: one per attempt, or per call refused before any attempt.</summary>
public static class LlmOutcome
{
    /// <summary>2xx with at least one valid result.</summary>
    public const string Success = "success";

    /// <summary>2xx whose answer held no valid result (or a body the SDK could not read).</summary>
    public const string InvalidOutput = "invalid_output";

    public const string Error = "error";
    public const string Timeout = "timeout";
    public const string RateLimited = "rate_limited";

    /// <summary>400/401/403 and other 4xx: not retried.</summary>
    public const string Rejected = "rejected";

    /// <summary>Refused without a call: the circuit is open.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>Refused without a call: the per-minute budget is spent.</summary>
    public const string BudgetExhausted = "budget_exhausted";
}
