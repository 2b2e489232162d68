namespace Enrichment.Llm.Resilience;

/// <summary>A call (or retry) refused because it would pass <c>LLM_MAX_REQUESTS_PER_MINUTE</c> or <c>LLM_MAX_TOKENS_PER_MINUTE</c>.</summary>
public sealed class BudgetExhaustedException() : Exception("LLM budget for this minute is spent");
