using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.WebConsole.Tests.Infrastructure;

namespace Enrichment.WebConsole.Tests.Http;

/// <summary>
/// A split deployment on a real RabbitMQ and Redis: the gateway sees what workers in other processes enriched, through a
/// queue of its own that is bound to the events' copies only — never to the events, whose mandatory routing it must not
/// satisfy — and that RabbitMQ deletes when the gateway goes. Its service view reads the queues over AMQP and the worker's
/// model state from Redis.
/// </summary>
public sealed class DistributedFeedTests
{
    private const string AlertEnrichedExchange = "Enrichment.Contracts:AlertEnriched";
    private const string CopiesExchange = "Enrichment.Contracts:EnrichedEventsCopy";

    [Fact]
    public async Task A_gateway_shows_events_enriched_by_a_worker_elsewhere_through_a_temporary_queue_on_their_copies()
    {
        var rabbit = await TestServices.CreateVirtualHostAsync("console-feed");
        var common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = rabbit,
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("console"),
            ["ADMIN_AUTH_TOKEN"] = ConsoleHost.AdminToken,
        };
        var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        try
        {
            // The worker names a target (its queue holds the events; no notifier is needed here).
            await using var worker = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker"),
                ("NOTIFIER_WEBHOOK_URLS", "http://127.0.0.1:9/events")));
            await using var stream = await EventStream.OpenAsync(gateway, ConsoleHost.AdminToken);

            using var accepted = await gateway.Http.PostAsync("/webhook", new StringContent(Alerts.Webhook(20), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var events = await stream.ReadAsync(20, TimeSpan.FromSeconds(30));

            Assert.Equal(20, events.Select(e => e.GetProperty("alert").GetProperty("fingerprint").GetString()).Distinct().Count());
            Assert.All(events, e => Assert.Equal("transparent", e.GetProperty("mode").GetString()));

            var queue = Assert.Single(await QueuesAsync(rabbit), q => q.GetProperty("name").GetString()!.Contains("enrichment-console", StringComparison.Ordinal));
            var name = queue.GetProperty("name").GetString()!;
            Assert.False(queue.GetProperty("durable").GetBoolean(), queue.GetRawText());
            // Exclusive: RabbitMQ deletes it when the gateway's connection closes (x-expires is the backstop).
            Assert.True(queue.GetProperty("exclusive").GetBoolean(), queue.GetRawText());
            Assert.Equal(100, queue.GetProperty("arguments").GetProperty("x-max-length").GetInt32());
            var sources = await BindingSourcesAsync(rabbit, name);
            Assert.DoesNotContain(AlertEnrichedExchange, sources);
            Assert.Contains(sources, s => s != AlertEnrichedExchange && s.Length > 0);
            Assert.True(await ExchangeRoutesToAsync(rabbit, CopiesExchange, name), $"{CopiesExchange} does not lead to {name}");

            // The service view: queues over AMQP, the worker's model state from Redis.
            using var state = await StateAsync(gateway);
            var queues = state.RootElement.GetProperty("queues");
            Assert.True(queues.GetProperty("known").GetBoolean());
            var alerts = queues.GetProperty("items").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "enrichment-alerts");
            Assert.True(alerts.GetProperty("consumers").GetInt32() >= 1);
            var model = await WaitForWorkerReportAsync(gateway);
            // Transparent mode: 20 events published unclassified, as the worker's own counters say.
            Assert.Equal(20, model.GetProperty("enriched").GetProperty("none").GetInt32());
            Assert.DoesNotContain("(this process)", model.GetProperty("reporter").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
        // Gone with its gateway: nothing is left to grow while no console runs.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await QueuesAsync(rabbit)).Any(q => q.GetProperty("name").GetString()!.Contains("enrichment-console", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.DoesNotContain(await QueuesAsync(rabbit), q => q.GetProperty("name").GetString()!.Contains("enrichment-console", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> WaitForWorkerReportAsync(HostProcess gateway)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var state = await StateAsync(gateway);
            last = state.RootElement.GetProperty("model").GetRawText();
            var workers = state.RootElement.GetProperty("model").GetProperty("workers");
            if (workers.GetArrayLength() == 1 && workers[0].GetProperty("enriched").TryGetProperty("none", out var none) && none.GetInt32() >= 20)
            {
                return workers[0].Clone();
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("the worker's model state never reached the gateway through Redis; last: " + last);
    }

    private static async Task<JsonDocument> StateAsync(HostProcess gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/api/state");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleHost.AdminToken);
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonElement>> QueuesAsync(string rabbit)
    {
        using var http = Management();
        var json = await http.GetStringAsync($"/api/queues/{VirtualHost(rabbit)}");
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static async Task<List<string>> BindingSourcesAsync(string rabbit, string queue)
    {
        using var http = Management();
        var json = await http.GetStringAsync($"/api/queues/{VirtualHost(rabbit)}/{Uri.EscapeDataString(queue)}/bindings");
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(b => b.GetProperty("source").GetString()!).ToList();
    }

    /// <summary>Whether <paramref name="exchange"/> reaches <paramref name="queue"/>, directly or through exchange-to-exchange bindings.</summary>
    private static async Task<bool> ExchangeRoutesToAsync(string rabbit, string exchange, string queue)
    {
        using var http = Management();
        var json = await http.GetStringAsync($"/api/exchanges/{VirtualHost(rabbit)}/{Uri.EscapeDataString(exchange)}/bindings/source");
        foreach (var binding in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            var destination = binding.GetProperty("destination").GetString()!;
            if (binding.GetProperty("destination_type").GetString() == "queue" ? destination == queue : await ExchangeRoutesToAsync(rabbit, destination, queue))
            {
                return true;
            }
        }
        return false;
    }

    private static string VirtualHost(string rabbit) => Uri.EscapeDataString(new Uri(rabbit).AbsolutePath.TrimStart('/'));

    private static HttpClient Management()
    {
        var management = TestServices.RabbitMqManagement;
        var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        return http;
    }
}
