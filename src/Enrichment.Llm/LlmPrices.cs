namespace Enrichment.Llm;

/// <summary>
/// What a provider's tokens cost (<c>LLM_PRICE_INPUT_PER_1K</c>, <c>LLM_PRICE_OUTPUT_PER_1K</c>), in whatever unit
/// the user gives them: the service never converts currencies, so a cost is in the unit of its prices.
/// </summary>
public readonly record struct LlmPrices(double InputPer1k, double OutputPer1k)
{
    public bool IsFree => InputPer1k <= 0 && OutputPer1k <= 0;

    public double Of(long inputTokens, long outputTokens) => (inputTokens * InputPer1k / 1000d) + (outputTokens * OutputPer1k / 1000d);
}
