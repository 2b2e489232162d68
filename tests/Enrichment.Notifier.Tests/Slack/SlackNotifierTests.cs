using System.Net;
using System.Text.Json.Nodes;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Slack;

namespace Enrichment.Notifier.Tests.Slack;

public class SlackNotifierTests
{
    private static readonly Uri Hook = new("https://hooks.slack.com/services/T000/B000/secretsecret");

    [Fact]
    public async Task Posts_the_built_message_as_JSON_to_the_webhook()
    {
        var handler = new RecordingHandler();
        var notifier = new SlackNotifier(Hook, new HttpClient(handler), TimeProvider.System);

        await notifier.NotifyAsync(TestEvents.Firing(), default);

        var (url, body) = Assert.Single(handler.Requests);
        Assert.Equal(Hook, url);
        Assert.Empty(SlackBlockKitSchema.Violations(JsonNode.Parse(body)!.AsObject()));
        Assert.Equal("slack", notifier.Kind);
        Assert.DoesNotContain("secret", notifier.EndpointName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_payload_is_permanent_a_rate_limit_is_retried_and_the_url_never_shows()
    {
        var rejected = new SlackNotifier(Hook, new HttpClient(new RecordingHandler(() =>
            new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("invalid_blocks") })), TimeProvider.System);
        var limited = new SlackNotifier(Hook, new HttpClient(new RecordingHandler(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(10));
            return response;
        })), TimeProvider.System);

        var permanent = await Assert.ThrowsAsync<PermanentDeliveryException>(() => rejected.NotifyAsync(TestEvents.Firing(), default));
        var transient = await Assert.ThrowsAsync<HttpRequestException>(() => limited.NotifyAsync(TestEvents.Firing(), default));

        Assert.Contains("invalid_blocks", permanent.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, transient.StatusCode);
        Assert.DoesNotContain("secret", permanent.Message + transient.Message, StringComparison.Ordinal);
    }
}
