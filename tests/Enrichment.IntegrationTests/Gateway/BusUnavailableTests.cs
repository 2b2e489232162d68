using System.Net;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Gateway;

/// <summary>Alertmanager retries 5xx and drops 4xx: a broker that cannot confirm must produce 503, never 4xx.</summary>
public class BusUnavailableTests
{
    [Fact]
    public async Task Answers_503_with_retry_after_when_the_broker_cannot_confirm()
    {
        // Nothing listens on this port: the bus can never confirm.
        var deadBroker = $"amqp://guest:guest@127.0.0.1:{HostProcess.FreePort()}/";
        await using var gateway = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["ENRICHMENT_ROLES"] = "gateway",
            ["RABBITMQ_URL"] = deadBroker,
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("busdown"),
            ["GATEWAY_PUBLISH_TIMEOUT"] = "1s",
        }, waitForReady: false);
        await WaitForLiveAsync(gateway);

        using var response = await gateway.Http.PostAsync("/webhook", new StringContent(Alerts.Webhook(2), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Http.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task WaitForLiveAsync(HostProcess host)
    {
        for (var i = 0; i < 150; i++)
        {
            try
            {
                if ((await host.Http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("gateway never came up: " + string.Join('\n', host.StderrLines.TakeLast(20)));
    }
}
