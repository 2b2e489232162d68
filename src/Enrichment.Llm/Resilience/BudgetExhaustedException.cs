namespace Enrichment.Llm.Resilience;

/// <summary>
/// A call (or retry) refused because it would pass <c>LLM_MAX_REQUESTS_PER_MINUTE</c>, <c>LLM_MAX_TOKENS_PER_MINUTE</c>,
/// <c>LLM_MAX_COST_PER_HOUR</c> or <c>LLM_MAX_COST_PER_DAY</c>.
/// </summary>
public sealed class BudgetExhaustedException() : Exception("LLM budget is spent for now (requests or tokens per minute, or cost per hour or day)");
