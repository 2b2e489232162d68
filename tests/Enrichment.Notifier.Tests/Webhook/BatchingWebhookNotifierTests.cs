using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Tests.Webhook;

public class BatchingWebhookNotifierTests
{
    private static readonly Uri Url = new("https://hooks.example.com/services/T000/B000/s3cr3t-path");

    private static BatchingWebhookNotifier Notifier(RecordingHandler handler, int batchSize = 10, IWebhookBody? body = null) =>
        new(Url, new HttpClient(handler), body ?? new EventArrayBody(), batchSize, 4);

    private static RecordingHandler Answering(HttpStatusCode status) => new(() => new HttpResponseMessage(status));

    private static List<Contracts.AlertEnriched> Events(int count) =>
        Enumerable.Range(0, count).Select(i => TestEvents.Firing(fingerprint: $"{i:x16}")).ToList();

    [Fact]
    public async Task A_batch_goes_out_as_one_json_array_of_events_with_its_length_not_chunked()
    {
        var handler = new RecordingHandler();

        var rejected = await Notifier(handler).NotifyBatchAsync(Events(3), default);

        Assert.Empty(rejected);
        var (length, chunked) = Assert.Single(handler.Lengths);
        Assert.Equal(Encoding.UTF8.GetByteCount(handler.Requests[0].Body), length);
        Assert.NotEqual(true, chunked);
        using var body = JsonDocument.Parse(handler.Requests[0].Body);
        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        Assert.Equal(["0000000000000000", "0000000000000001", "0000000000000002"],
            body.RootElement.EnumerateArray().Select(e => e.GetProperty("alert").GetProperty("fingerprint").GetString()));
        // Each element is the single-event body: the same properties as WebhookNotifier posts.
        Assert.Equal("enriched", body.RootElement[0].GetProperty("mode").GetString());
        Assert.Equal("critical", body.RootElement[0].GetProperty("classification").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task One_event_in_a_batching_target_is_still_an_array()
    {
        var handler = new RecordingHandler();

        await Notifier(handler).NotifyAsync(TestEvents.Firing(), default);

        Assert.StartsWith("[", Assert.Single(handler.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_longer_than_the_batch_size_goes_out_in_posts_of_at_most_that_many()
    {
        var handler = new RecordingHandler();

        await Notifier(handler, batchSize: 4).NotifyBatchAsync(Events(10), default);

        var sizes = handler.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetArrayLength()).ToList();
        Assert.Equal([4, 4, 2], sizes);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_4xx_refuses_the_whole_batch_for_good(HttpStatusCode status)
    {
        var refused = await Assert.ThrowsAsync<PermanentDeliveryException>(() => Notifier(Answering(status)).NotifyBatchAsync(Events(3), default));

        Assert.Equal(status, refused.Status);
        Assert.DoesNotContain("s3cr3t", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_timeout_a_rate_limit_or_a_5xx_retries_the_whole_batch(HttpStatusCode status)
    {
        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => Notifier(Answering(status)).NotifyBatchAsync(Events(3), default));

        Assert.Equal(status, failed.StatusCode);
        Assert.DoesNotContain("s3cr3t", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_shares_the_queue_of_the_single_event_notifier_for_the_url()
    {
        Assert.Equal(WebhookNotifier.QueueNameFor(Url), Notifier(new RecordingHandler()).EndpointName);
        Assert.Equal("webhook", Notifier(new RecordingHandler()).Kind);
    }

    [Fact]
    public async Task The_alertmanager_body_goes_out_with_its_length_too()
    {
        var handler = new RecordingHandler();

        await Notifier(handler, body: new AlertmanagerWebhookBody(alertPerGroup: false)).NotifyBatchAsync(Events(2), default);

        var (length, _) = Assert.Single(handler.Lengths);
        Assert.Equal(Encoding.UTF8.GetByteCount(handler.Requests[0].Body), length);
        using var body = JsonDocument.Parse(handler.Requests[0].Body);
        Assert.Equal("4", body.RootElement.GetProperty("version").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("alerts").GetArrayLength());
    }
}
