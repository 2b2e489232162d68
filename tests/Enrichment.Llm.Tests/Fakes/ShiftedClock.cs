namespace Enrichment.Llm.Tests.Fakes;

/// <summary>The system clock moved forward by hand: budgets' windows slide, while timers (timeouts, backoff) stay real.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
