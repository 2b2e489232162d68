using Enrichment.Core.History;

namespace Enrichment.Core.Tests.History;

public class HistoryCalculatorTests
{
    [Theory]
    [InlineData(new long[] { }, null)]
    [InlineData(new long[] { 5 }, 5.0)]
    [InlineData(new long[] { 9, 1, 5 }, 5.0)]
    [InlineData(new long[] { 4, 1, 3, 2 }, 2.5)]
    public void The_median_is_the_middle_or_the_mean_of_the_middle_two(long[] values, double? expected) =>
        Assert.Equal(expected, HistoryCalculator.Median(values));

    [Theory]
    [InlineData(0, "new")]
    [InlineData(1, "rare")]
    [InlineData(2, "rare")]
    [InlineData(3, "recurring")]
    [InlineData(500, "recurring")]
    public void Novelty_follows_the_earlier_firings(int earlier, string expected)
    {
        var decided = HistoryCalculator.Decide(Facts(earlier, durations: []), new HistoryOptions());

        Assert.Equal(expected, decided.Novelty.ToWire());
        Assert.Equal(expected, decided.Key);
    }

    [Theory]
    [InlineData(3, 600_000, true)]
    [InlineData(3, 600_001, false)]
    [InlineData(2, 1_000, false)]
    public void Transient_needs_enough_resolutions_within_the_threshold(int resolutions, long duration, bool expected)
    {
        var decided = HistoryCalculator.Decide(Facts(10, Enumerable.Repeat(duration, resolutions).ToList()), new HistoryOptions());

        Assert.Equal(expected, decided.Transient);
        Assert.Equal(expected ? "transient" : "recurring", decided.Key);
    }

    [Fact]
    public void A_rare_alert_is_never_transient() =>
        Assert.False(HistoryCalculator.Decide(Facts(2, [1000, 1000, 1000, 1000]), new HistoryOptions()).Transient);

    [Fact]
    public void A_flap_is_a_refire_of_the_same_fingerprint_within_the_window_after_it_resolved()
    {
        FiringEntry[] firings = [new("a", 1_000_000), new("b", 1_000_000), new("a", 5_000_000)];
        ResolutionEntry[] resolutions = [new("a", 100, 900_000), new("a", 1_000_000, 2_000_000)];

        Assert.Equal(1, HistoryCalculator.Flaps(firings, resolutions, windowMs: 200_000));
        Assert.Equal(2, HistoryCalculator.Flaps(firings, resolutions, windowMs: 3_000_000));
    }

    private static SignatureFacts Facts(int earlier, IReadOnlyList<long> durations) =>
        new(0, earlier + 1, earlier + 1, earlier, durations, [], []);
}
