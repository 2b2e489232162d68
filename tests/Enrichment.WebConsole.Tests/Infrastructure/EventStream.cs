using System.Net.Http.Headers;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.WebConsole.Tests.Infrastructure;

/// <summary>The console's server-sent events read as a page reads them, with the admin token as a script would.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        _http = http;
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStream> OpenAsync(HostProcess gateway, string token)
    {
        var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, "/ui/api/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return new EventStream(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads <c>enriched</c> events until <paramref name="count"/> have come, or fails at the deadline.</summary>
    public async Task<List<JsonElement>> ReadAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var events = new List<JsonElement>();
        string? type = null;
        try
        {
            while (events.Count < count)
            {
                var line = await _reader.ReadLineAsync(deadline.Token);
                if (line is null)
                {
                    break;
                }
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "enriched")
                {
                    events.Add(JsonDocument.Parse(line[6..]).RootElement.Clone());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with what did arrive.
        }
        Assert.True(events.Count >= count, $"{events.Count} of {count} events arrived on the console's stream within {timeout}");
        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
