using Enrichment.Notifier.Alertmanager;

namespace Enrichment.Notifier.Tests.Alertmanager;

public class PostableAlertMapperTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    [Fact]
    public void A_firing_alert_from_a_webhook_stays_firing_for_the_resolve_timeout()
    {
        var posted = PostableAlertMapper.Map(TestEvents.Firing("enriched"), Now, Timeout);

        Assert.Equal(Now + Timeout, posted.EndsAt);
        Assert.Equal(TestEvents.Firing().Alert.StartsAt, posted.StartsAt);
        Assert.Equal("critical", posted.Labels["ai_severity"]);
        Assert.Equal("Postgres primary is down", posted.Annotations["ai_summary"]);
        Assert.Equal("http://prometheus:9090/graph?g0.expr=pg_up&g0.tab=1", posted.GeneratorUrl);
    }

    [Fact]
    public void A_firing_alert_with_its_own_future_endsAt_keeps_it_as_Prometheus_sent_it()
    {
        var until = Now.AddMinutes(4);

        Assert.Equal(until, PostableAlertMapper.Map(TestEvents.Firing(endsAt: until), Now, Timeout).EndsAt);
    }

    [Fact]
    public void A_resolved_alert_keeps_its_endsAt_but_never_one_in_the_future()
    {
        var firing = TestEvents.Firing();
        var ended = Now.AddMinutes(-3);

        Assert.Equal(ended, PostableAlertMapper.Map(TestEvents.Resolved(firing, ended), Now, Timeout).EndsAt);
        Assert.Equal(Now, PostableAlertMapper.Map(TestEvents.Resolved(firing, Now.AddMinutes(5)), Now, Timeout).EndsAt);
        Assert.Equal(Now, PostableAlertMapper.Map(TestEvents.Resolved(firing, DateTimeOffset.MinValue), Now, Timeout).EndsAt);
    }

    [Fact]
    public void Missing_timestamps_and_non_URL_generators_are_left_out()
    {
        var firing = TestEvents.Firing("transparent", generatorUrl: "not a url");
        firing = firing with { Alert = firing.Alert with { StartsAt = DateTimeOffset.MinValue } };

        var posted = PostableAlertMapper.Map(firing, Now, Timeout);

        Assert.Null(posted.StartsAt);
        Assert.Null(posted.GeneratorUrl);
        Assert.Equal(firing.Alert.Labels, posted.Labels);
    }
}
