using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// The webhook the notifier delivers to. Unlike the suite's <c>WebhookSink</c>, which keeps whole events
/// for assertions, it keeps only what the figures need — per event its timestamps, its arrival time and
/// where its classification came from — so that it stays cheap at tens of thousands of events.
/// </summary>
public sealed class LatencySink : IDeliverySink, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<string, byte> _fingerprints = new(StringComparer.Ordinal);

    private LatencySink(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Distinct alerts delivered (redeliveries counted once).</summary>
    public int Distinct => _fingerprints.Count;

    public int Events => _arrivals.Count;

    public static async Task<LatencySink> StartAsync()
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new LatencySink(app, new Uri($"http://127.0.0.1:{port}/events"));
        app.MapPost("/events", async (HttpContext context) =>
        {
            var arrivedAt = DateTimeOffset.UtcNow;
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            // One event per post by default; a JSON array of events where the webhook takes batches.
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var enriched in document.RootElement.EnumerateArray())
                {
                    sink.Record(enriched, arrivedAt);
                }
            }
            else
            {
                sink.Record(document.RootElement, arrivedAt);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public string Kind => "webhook";

    public IReadOnlyDictionary<string, string> TargetEnvironment => new Dictionary<string, string> { ["NOTIFIER_WEBHOOK_URLS"] = Url.ToString() };

    public Action<string>? NotifierStdout => null;

    private void Record(JsonElement enriched, DateTimeOffset arrivedAt)
    {
        var arrival = ToArrival(enriched, arrivedAt);
        _arrivals.Enqueue(arrival);
        _fingerprints.TryAdd(arrival.Fingerprint, 0);
    }

    /// <summary>What the figures need of one <c>AlertEnriched</c> event.</summary>
    internal static Arrival ToArrival(JsonElement enriched, DateTimeOffset arrivedAt)
    {
        var fingerprint = enriched.GetProperty("alert").GetProperty("fingerprint").GetString()!;
        var classification = enriched.GetProperty("classification");
        string? cache = null, source = null;
        if (classification.ValueKind == JsonValueKind.Object)
        {
            cache = classification.GetProperty("cache").GetString();
            source = classification.GetProperty("source").GetString();
        }
        return new Arrival(fingerprint, enriched.GetProperty("receivedAt").GetDateTimeOffset(),
            enriched.GetProperty("enrichedAt").GetDateTimeOffset(), arrivedAt, source, cache);
    }

    /// <summary>Every arrival so far, and forgets them (the next phase starts from nothing).</summary>
    public IReadOnlyList<Arrival> Drain()
    {
        var drained = new List<Arrival>(_arrivals.Count);
        while (_arrivals.TryDequeue(out var arrival))
        {
            drained.Add(arrival);
        }
        _fingerprints.Clear();
        return drained;
    }

    public Task<bool> WaitForAsync(int count, TimeSpan idle, TimeSpan limit) => DeliveryWait.ForAsync(() => Distinct, count, idle, limit);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
