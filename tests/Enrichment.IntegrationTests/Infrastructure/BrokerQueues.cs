using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// What a test's virtual host holds, read from the broker itself: message counts over AMQP (a passive
/// declare answers at once, where the management API's figures lag by seconds) and queue arguments from
/// the management API.
/// </summary>
public static class BrokerQueues
{
    /// <summary>Ready messages in the queue; null when it does not exist. (A passive declare: it renews an <c>x-expires</c> lease.)</summary>
    public static async Task<uint?> ReadyAsync(string amqpUrl, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>Polls until the queue holds exactly <paramref name="count"/> ready messages, or the timeout passes; returns the last count.</summary>
    public static async Task<uint?> WaitForReadyAsync(string amqpUrl, string queue, uint count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var ready = await ReadyAsync(amqpUrl, queue);
        while (ready != count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            ready = await ReadyAsync(amqpUrl, queue);
        }
        return ready;
    }

    /// <summary>
    /// Polls until the queue's ready messages carry <paramref name="count"/> enriched events (a batch counts its events, a single
    /// event one), or the timeout passes; returns the last count.
    /// </summary>
    public static async Task<int> WaitForEventsAsync(string amqpUrl, string queue, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var events = await EventsAsync(amqpUrl, queue);
        while (events != count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            events = await EventsAsync(amqpUrl, queue);
        }
        return events;
    }

    private static async Task<int> EventsAsync(string amqpUrl, string queue) =>
        (await ReadyAsync(amqpUrl, queue)) is null ? 0
            : (await PeekAsync(amqpUrl, queue)).Sum(envelope => envelope.GetProperty("message").TryGetProperty("events", out var events) ? events.GetArrayLength() : 1);

    /// <summary>The bodies of the queue's ready messages, looked at and put back (requeued).</summary>
    public static async Task<List<JsonElement>> PeekAsync(string amqpUrl, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var bodies = new List<JsonElement>();
        ulong last = 0;
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            bodies.Add(JsonDocument.Parse(message.Body).RootElement.Clone());
            last = message.DeliveryTag;
        }
        if (last > 0)
        {
            await channel.BasicNackAsync(last, multiple: true, requeue: true);
        }
        return bodies;
    }

    /// <summary>The queue's declared arguments (<c>x-expires</c>, …), from the management API.</summary>
    public static async Task<JsonElement> ArgumentsAsync(string amqpUrl, string queue)
    {
        using var http = Management();
        var json = await http.GetStringAsync(QueuePath(amqpUrl, queue));
        return JsonDocument.Parse(json).RootElement.GetProperty("arguments").Clone();
    }

    /// <summary>
    /// Whether the queue exists, asked of the management API: a passive declare would count as using the queue and
    /// renew its <c>x-expires</c> lease.
    /// </summary>
    public static async Task<bool> ExistsAsync(string amqpUrl, string queue)
    {
        using var http = Management();
        using var response = await http.GetAsync(QueuePath(amqpUrl, queue));
        return response.StatusCode != System.Net.HttpStatusCode.NotFound && response.EnsureSuccessStatusCode().IsSuccessStatusCode;
    }

    private static string QueuePath(string amqpUrl, string queue) =>
        $"/api/queues/{Uri.EscapeDataString(new Uri(amqpUrl).AbsolutePath.TrimStart('/'))}/{Uri.EscapeDataString(queue)}";

    private static HttpClient Management()
    {
        var management = TestServices.RabbitMqManagement;
        var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        return http;
    }
}
