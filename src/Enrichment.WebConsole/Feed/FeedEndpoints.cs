using System.Text;
using Enrichment.WebConsole.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Enrichment.WebConsole.Feed;

/// <summary>
/// <c>GET /ui/api/events</c>: the feed as server-sent events. Each event is <c>event: enriched</c> with the contract's event
/// JSON as data and this gateway's sequence number as id, so a reconnecting page (<c>Last-Event-ID</c>) gets what it missed
/// while it is still in the ring.
/// </summary>
internal static class FeedEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapConsoleFeed(this RouteGroupBuilder ui) => ui.MapGet("/ui/api/events", StreamAsync);

    private static async Task StreamAsync(HttpContext context, EventFeed feed)
    {
        var access = await ConsoleAccess.CheckAsync(context);
        if (access.Kind != AccessKind.Granted)
        {
            await access.ApiRefusal().ExecuteAsync(context);
            return;
        }
        var after = long.TryParse(context.Request.Headers["Last-Event-ID"], out var last) ? last
            : long.TryParse(context.Request.Query["after"], out var query) ? query : 0;
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        // Proxies such as nginx would otherwise hold the stream back in their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var subscription = feed.Subscribe(after);
        var aborted = context.RequestAborted;
        try
        {
            await response.WriteAsync("retry: 3000\n\n", aborted);
            foreach (var entry in subscription.Backlog)
            {
                await WriteAsync(response, entry, aborted);
            }
            await response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(Heartbeat);
                try
                {
                    if (!await subscription.Live.WaitToReadAsync(wait.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    // Keeps idle connections (and proxies between) open.
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }
                while (subscription.Live.TryRead(out var entry))
                {
                    await WriteAsync(response, entry, aborted);
                }
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static Task WriteAsync(HttpResponse response, FeedEntry entry, CancellationToken cancellationToken)
    {
        // The JSON is one line: System.Text.Json escapes line breaks inside strings.
        var frame = new StringBuilder(entry.Json.Length + 48)
            .Append("id: ").Append(entry.Sequence).Append('\n')
            .Append("event: enriched\n")
            .Append("data: ").Append(entry.Json).Append("\n\n");
        return response.WriteAsync(frame.ToString(), cancellationToken);
    }
}
