using System.Net;
using System.Text.Json;
using Enrichment.Notifier.Alertmanager;
using Enrichment.Notifier.Delivery;

namespace Enrichment.Notifier.Tests.Alertmanager;

public class AlertmanagerNotifierTests
{
    private static readonly ManualTime Clock = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static AlertmanagerNotifier Notifier(RecordingHandler handler, string url = "http://am:9093/prefix/") =>
        new(new Uri(url), new HttpClient(handler), TimeSpan.FromMinutes(30), 64, Clock);

    private static JsonElement[] Posted(RecordingHandler handler, int request) =>
        JsonDocument.Parse(handler.Requests[request].Body).RootElement.EnumerateArray().ToArray();

    [Fact]
    public async Task Posts_a_batch_as_one_array_to_the_v2_alerts_route_under_the_path_prefix()
    {
        var handler = new RecordingHandler();

        await Notifier(handler).NotifyBatchAsync([TestEvents.Firing("enriched", fingerprint: "a"), TestEvents.Firing("transparent", fingerprint: "b")], default);

        var (url, _) = Assert.Single(handler.Requests);
        Assert.Equal("http://am:9093/prefix/api/v2/alerts", url.ToString());
        var alerts = Posted(handler, 0);
        Assert.Equal(2, alerts.Length);
        Assert.Equal("critical", alerts[0].GetProperty("labels").GetProperty("ai_severity").GetString());
        Assert.False(alerts[1].GetProperty("labels").TryGetProperty("ai_severity", out _));
        Assert.Equal("2026-11-25T10:30:00+00:00", alerts[0].GetProperty("endsAt").GetString());
        Assert.Equal("2026-11-25T08:00:00+00:00", alerts[0].GetProperty("startsAt").GetString());
    }

    [Fact]
    public async Task A_label_set_superseded_by_a_mode_switch_is_resolved_downstream()
    {
        var handler = new RecordingHandler();
        var notifier = Notifier(handler);

        await notifier.NotifyBatchAsync([TestEvents.Firing("transparent")], default);
        await notifier.NotifyBatchAsync([TestEvents.Firing("enriched")], default);
        await notifier.NotifyBatchAsync([TestEvents.Firing("enriched")], default);

        var switched = Posted(handler, 1);
        Assert.Equal(2, switched.Length);
        Assert.False(switched[0].GetProperty("labels").TryGetProperty("ai_severity", out _));
        Assert.Equal("2026-11-25T10:00:00+00:00", switched[0].GetProperty("endsAt").GetString());
        Assert.Equal("critical", switched[1].GetProperty("labels").GetProperty("ai_severity").GetString());
        Assert.Equal("2026-11-25T10:30:00+00:00", switched[1].GetProperty("endsAt").GetString());
        Assert.Single(Posted(handler, 2));
    }

    [Fact]
    public async Task A_resolution_in_another_mode_resolves_the_copy_posted_while_firing()
    {
        var handler = new RecordingHandler();
        var notifier = Notifier(handler);
        var firing = TestEvents.Firing("enriched");

        await notifier.NotifyBatchAsync([firing], default);
        await notifier.NotifyBatchAsync([TestEvents.Resolved(TestEvents.Firing("transparent"), Clock.Now.AddMinutes(-1))], default);

        var resolving = Posted(handler, 1);
        Assert.Equal(2, resolving.Length);
        Assert.Equal("critical", resolving[0].GetProperty("labels").GetProperty("ai_severity").GetString());
        Assert.All(resolving, a => Assert.True(a.GetProperty("endsAt").GetDateTimeOffset() <= Clock.Now));
    }

    [Fact]
    public async Task A_refused_batch_is_permanent_on_4xx_and_retryable_on_5xx()
    {
        var bad = Notifier(new RecordingHandler(() => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("invalid label set") }));
        var down = Notifier(new RecordingHandler(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));

        var permanent = await Assert.ThrowsAsync<PermanentDeliveryException>(() => bad.NotifyBatchAsync([TestEvents.Firing()], default));
        await Assert.ThrowsAsync<HttpRequestException>(() => down.NotifyBatchAsync([TestEvents.Firing()], default));

        Assert.Contains("invalid label set", permanent.Message, StringComparison.Ordinal);
    }
}
