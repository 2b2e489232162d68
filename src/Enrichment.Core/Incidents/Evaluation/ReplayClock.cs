namespace Enrichment.Core.Incidents.Evaluation;

/// <summary>A clock the replay moves by hand: a scenario of an hour replays in milliseconds, the same every time.</summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now)
    {
        if (now > _now)
        {
            _now = now;
        }
    }

    public void Advance(TimeSpan by) => _now += by;
}
