using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP endpoint that collects what webhook notifiers POST, optionally failing on demand. Like the
/// simple receivers users run (Python's <c>http.server</c>, serverless runtimes), it reads exactly
/// <c>Content-Length</c> bytes: a request without one (a chunked body) is counted and answered 411.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonElement> _events = new();

    private WebhookSink(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>While set, every POST is answered with this status instead of 200.</summary>
    public int? FailWith { get; set; }

    public int Requests => _requests;

    private int _requests;

    /// <summary>Requests that came without a <c>Content-Length</c> (chunked): a simple receiver would have read them as empty.</summary>
    public int RequestsWithoutContentLength => _withoutLength;

    private int _withoutLength;

    /// <summary>The alert events (and Slack messages) received; incident updates are kept apart, in <see cref="IncidentUpdates"/>.</summary>
    public IReadOnlyCollection<JsonElement> Events => _events;

    /// <summary>The <c>IncidentUpdated</c> events received (a body with <c>event</c> and <c>incident</c>, no <c>alert</c>).</summary>
    public IReadOnlyCollection<JsonElement> IncidentUpdates => _incidentUpdates;

    private readonly ConcurrentQueue<JsonElement> _incidentUpdates = new();

    /// <summary>The W3C <c>traceparent</c> header of each request that carried one.</summary>
    public IReadOnlyCollection<string> TraceParents => _traceParents;

    private readonly ConcurrentQueue<string> _traceParents = new();

    public static async Task<WebhookSink> StartAsync()
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new WebhookSink(app, new Uri($"http://127.0.0.1:{port}/events"));
        app.MapPost("/events", async (HttpContext context) =>
        {
            Interlocked.Increment(ref sink._requests);
            if (context.Request.Headers.TryGetValue("traceparent", out var traceParent))
            {
                sink._traceParents.Enqueue(traceParent.ToString());
            }
            if (context.Request.ContentLength is not { } length)
            {
                Interlocked.Increment(ref sink._withoutLength);
                return Results.StatusCode(StatusCodes.Status411LengthRequired);
            }
            if (sink.FailWith is { } status)
            {
                return Results.StatusCode(status);
            }
            var body = new byte[length];
            await context.Request.Body.ReadExactlyAsync(body);
            using var document = JsonDocument.Parse(body);
            var received = document.RootElement.Clone();
            var incidentUpdate = received.ValueKind == JsonValueKind.Object && received.TryGetProperty("event", out _) && !received.TryGetProperty("alert", out _);
            (incidentUpdate ? sink._incidentUpdates : sink._events).Enqueue(received);
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    /// <summary>Distinct alert fingerprints received so far.</summary>
    public IReadOnlySet<string> Fingerprints() =>
        _events.Select(e => e.GetProperty("alert").GetProperty("fingerprint").GetString()!).ToHashSet();

    public async Task WaitForFingerprintsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Fingerprints().Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits for the event of one alert, e.g. a marker posted after the case under test: once it is in, whatever the case
    /// would have caused is in too, so "nothing else arrived" is shown without guessing a quiet period.
    /// </summary>
    public async Task WaitForFingerprintAsync(string fingerprint, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Fingerprints().Contains(fingerprint) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        if (!Fingerprints().Contains(fingerprint))
        {
            throw new TimeoutException($"no event for alert {fingerprint} within {timeout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
