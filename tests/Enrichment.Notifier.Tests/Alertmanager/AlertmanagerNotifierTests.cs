using System.Net;
using System.Text.Json;
using Enrichment.Notifier.Alertmanager;
using Enrichment.Notifier.Delivery;

namespace Enrichment.Notifier.Tests.Alertmanager;

public class AlertmanagerNotifierTests
{
    private static readonly ManualClock Clock = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

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
    public async Task A_refused_request_is_permanent_on_4xx_other_than_400_and_retryable_on_5xx()
    {
        var unauthorized = Notifier(new RecordingHandler(() => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("no token") }));
        var down = Notifier(new RecordingHandler(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));

        var permanent = await Assert.ThrowsAsync<PermanentDeliveryException>(() => unauthorized.NotifyBatchAsync([TestEvents.Firing()], default));
        await Assert.ThrowsAsync<HttpRequestException>(() => down.NotifyBatchAsync([TestEvents.Firing()], default));

        Assert.Contains("no token", permanent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_for_one_alert_of_a_batch_rejects_that_alert_alone()
    {
        // As Alertmanager does: a request with any invalid alert is answered 400, naming the problem but not the alert.
        var handler = new RecordingHandler(body => body.Contains("\"bad-label\"", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("\"invalid label set: invalid name \\\"bad-label\\\"\"") }
            : new HttpResponseMessage(HttpStatusCode.OK));
        var events = Enumerable.Range(0, 10).Select(i => TestEvents.Firing("transparent", fingerprint: $"f{i}")).ToArray();
        events[6] = events[6] with { Alert = events[6].Alert with { Labels = new Dictionary<string, string>(events[6].Alert.Labels) { ["bad-label"] = "x" } } };

        var rejected = await Notifier(handler).NotifyBatchAsync(events, default);

        var refusal = Assert.Single(rejected);
        Assert.Equal(6, refusal.Index);
        Assert.Contains("invalid name", refusal.Reason, StringComparison.Ordinal);
        // Every valid alert was in a request Alertmanager accepted.
        var accepted = handler.Requests.Where(r => !r.Body.Contains("bad-label", StringComparison.Ordinal))
            .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray()).Select(a => a.GetProperty("labels").GetProperty("instance").GetString()).Count();
        Assert.True(accepted >= 9, $"only {accepted} valid alerts were posted in accepted requests");
        Assert.True(handler.Requests.Count <= 9, $"{handler.Requests.Count} requests for one invalid alert among ten");
    }

    [Fact]
    public async Task A_single_event_Alertmanager_refuses_with_400_is_a_permanent_failure()
    {
        var bad = Notifier(new RecordingHandler(() => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("invalid label set") }));

        var permanent = await Assert.ThrowsAsync<PermanentDeliveryException>(() => bad.NotifyAsync(TestEvents.Firing(), default));

        Assert.Contains("invalid label set", permanent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_body_goes_out_with_its_length_not_chunked()
    {
        var handler = new RecordingHandler();

        await Notifier(handler).NotifyBatchAsync([TestEvents.Firing()], default);

        var (length, chunked) = Assert.Single(handler.Lengths);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(handler.Requests[0].Body), length);
        Assert.NotEqual(true, chunked);
    }
}
