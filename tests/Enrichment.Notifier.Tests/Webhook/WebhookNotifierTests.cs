using System.Net;
using System.Text;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Tests.Webhook;

public class WebhookNotifierTests
{
    private static readonly Uri Url = new("https://hooks.example.com/services/T000/B000/s3cr3t-path");

    private static WebhookNotifier Notifier(RecordingHandler handler) => new(Url, new HttpClient(handler), 4);

    private static RecordingHandler Answering(HttpStatusCode status) => new(() => new HttpResponseMessage(status));

    [Fact]
    public async Task The_event_goes_out_as_json_with_its_length_not_chunked()
    {
        var handler = new RecordingHandler();

        await Notifier(handler).NotifyAsync(TestEvents.Firing(), default);

        var (length, chunked) = Assert.Single(handler.Lengths);
        Assert.Equal(Encoding.UTF8.GetByteCount(handler.Requests[0].Body), length);
        Assert.NotEqual(true, chunked);
        Assert.Contains("\"fingerprint\":\"0123456789abcdef\"", handler.Requests[0].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task A_4xx_is_permanent_so_the_event_skips_the_retries(HttpStatusCode status)
    {
        var refused = await Assert.ThrowsAsync<PermanentDeliveryException>(() => Notifier(Answering(status)).NotifyAsync(TestEvents.Firing(), default));

        Assert.Equal(status, refused.Status);
        Assert.DoesNotContain("s3cr3t", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_timeout_a_rate_limit_or_a_5xx_is_retried(HttpStatusCode status)
    {
        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => Notifier(Answering(status)).NotifyAsync(TestEvents.Firing(), default));

        Assert.Equal(status, failed.StatusCode);
        Assert.DoesNotContain("s3cr3t", failed.Message, StringComparison.Ordinal);
    }
}
