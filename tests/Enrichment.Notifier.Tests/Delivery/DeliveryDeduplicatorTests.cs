using Enrichment.Notifier.Delivery;

namespace Enrichment.Notifier.Tests.Delivery;

public class DeliveryDeduplicatorTests
{
    [Fact]
    public void Off_by_default_every_event_is_delivered()
    {
        var dedup = new DeliveryDeduplicator(TimeSpan.Zero, TimeProvider.System);
        var key = DeliveryDeduplicator.KeyOf(TestEvents.Firing());

        Assert.True(dedup.TryClaim(key));
        Assert.True(dedup.TryClaim(key));
    }

    [Fact]
    public void Within_the_window_the_same_alert_state_and_mode_is_suppressed_once_delivered()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var dedup = new DeliveryDeduplicator(TimeSpan.FromMinutes(5), clock);
        var firing = TestEvents.Firing("enriched");

        Assert.True(dedup.TryClaim(DeliveryDeduplicator.KeyOf(firing)));
        clock.Now += TimeSpan.FromMinutes(4);
        Assert.False(dedup.TryClaim(DeliveryDeduplicator.KeyOf(firing)));
        Assert.True(dedup.TryClaim(DeliveryDeduplicator.KeyOf(TestEvents.Resolved(firing, clock.Now))));
        Assert.True(dedup.TryClaim(DeliveryDeduplicator.KeyOf(TestEvents.Firing("transparent"))));
        Assert.True(dedup.TryClaim(DeliveryDeduplicator.KeyOf(TestEvents.Firing("enriched", fingerprint: "other"))));
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.True(dedup.TryClaim(DeliveryDeduplicator.KeyOf(firing)));
    }

    [Fact]
    public void A_failed_delivery_gives_its_claim_back()
    {
        var dedup = new DeliveryDeduplicator(TimeSpan.FromMinutes(5), TimeProvider.System);
        var key = DeliveryDeduplicator.KeyOf(TestEvents.Firing());

        Assert.True(dedup.TryClaim(key));
        dedup.Release(key);

        Assert.True(dedup.TryClaim(key));
    }
}
