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
public sealed class LatencySink : IAsyncDisposable
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
            sink.Record(document.RootElement, arrivedAt);
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    private void Record(JsonElement enriched, DateTimeOffset arrivedAt)
    {
        var fingerprint = enriched.GetProperty("alert").GetProperty("fingerprint").GetString()!;
        var classification = enriched.GetProperty("classification");
        string? cache = null, source = null;
        if (classification.ValueKind == JsonValueKind.Object)
        {
            cache = classification.GetProperty("cache").GetString();
            source = classification.GetProperty("source").GetString();
        }
        _arrivals.Enqueue(new Arrival(fingerprint, enriched.GetProperty("receivedAt").GetDateTimeOffset(),
            enriched.GetProperty("enrichedAt").GetDateTimeOffset(), arrivedAt, source, cache));
        _fingerprints.TryAdd(fingerprint, 0);
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

    /// <summary>Waits until <paramref name="count"/> distinct alerts arrived, or nothing new arrived for <paramref name="idle"/>.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan idle, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var last = -1;
        var lastChange = clock.Elapsed;
        while (Distinct < count && clock.Elapsed < limit)
        {
            if (Distinct != last)
            {
                last = Distinct;
                lastChange = clock.Elapsed;
            }
            else if (clock.Elapsed - lastChange > idle)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return Distinct >= count;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One delivered event: the gateway's receipt, the worker's enrichment and the sink's arrival.</summary>
    public sealed record Arrival(string Fingerprint, DateTimeOffset ReceivedAt, DateTimeOffset EnrichedAt, DateTimeOffset ArrivedAt, string? Source, string? Cache);
}
