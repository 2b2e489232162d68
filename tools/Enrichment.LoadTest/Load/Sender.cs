using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Enrichment.LoadTest.Load;

/// <summary>
/// The one HTTP sender every target is measured with: the same pre-built bodies, the same client, the
/// same concurrency. An alert counts as accepted only when its request got a 2xx (the gateway's 2xx
/// comes after the broker confirmed every alert of it).
/// </summary>
public sealed class Sender : IDisposable
{
    private readonly HttpClient _http;

    public Sender(int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Sends every request with <paramref name="concurrency"/> in flight, as fast as the target answers.</summary>
    public async Task<SendResult> FlatOutAsync(Uri url, IReadOnlyList<Request> requests, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        var result = new SendResult();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests.Count && !cancellationToken.IsCancellationRequested)
            {
                await SendOneAsync(url, requests[index], result, cancellationToken);
            }
        });
        await Task.WhenAll(workers);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>
    /// Open loop: request <c>k</c> starts at <c>k × interval</c> whatever the target's latency, so a slow
    /// target queues work the way real senders do instead of slowing the sender down.
    /// </summary>
    public async Task<SendResult> PacedAsync(Uri url, IReadOnlyList<Request> requests, double requestsPerSecond, CancellationToken cancellationToken)
    {
        var result = new SendResult();
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(requests.Count);
        for (var i = 0; i < requests.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / requestsPerSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }
            inFlight.Add(SendOneAsync(url, requests[i], result, cancellationToken));
        }
        await Task.WhenAll(inFlight);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private async Task SendOneAsync(Uri url, Request request, SendResult result, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(request.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(url, content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Add(ref result.Accepted, request.Alerts);
            }
            else
            {
                Interlocked.Add(ref result.Refused, request.Alerts);
                result.LastError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Add(ref result.Refused, request.Alerts);
            result.LastError = ex.Message;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One pre-built request body and how many alerts it carries.</summary>
    public sealed record Request(byte[] Body, int Alerts);
}

/// <summary>What one sending run achieved.</summary>
public sealed class SendResult
{
    public int Accepted;
    public int Refused;

    public TimeSpan Elapsed { get; set; }

    public string? LastError { get; set; }

    public double AcceptedPerSecond => Accepted / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
