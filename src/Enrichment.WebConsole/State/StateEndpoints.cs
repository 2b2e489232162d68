using Enrichment.Core.Modes;
using Enrichment.WebConsole.Feed;
using Enrichment.WebConsole.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Enrichment.WebConsole.State;

/// <summary>
/// <c>GET /ui/api/state</c>: what this gateway can know of the service. Each part says where it comes from, and what it
/// cannot know it says so (<c>known: false</c> with the reason) rather than showing a guess.
/// <list type="bullet">
/// <item>mode: the gateway's own mode state (shared through Redis with every worker);</item>
/// <item>model: this process's own counters when it runs the worker role, and the reports workers in other processes leave
/// in Redis;</item>
/// <item>queues: RabbitMQ, asked over AMQP (passive declare); on the in-memory transport there are no queues to ask.</item>
/// </list>
/// </summary>
internal static class StateEndpoints
{
    public static void MapConsoleState(this RouteGroupBuilder ui) => ui.MapGet("/ui/api/state", ReadAsync);

    private static async Task<IResult> ReadAsync(HttpContext context, EnrichmentModeState mode, MetricsHistory history, VitalsBoard board,
        QueueStats queues, EventFeed feed, IConfiguration configuration, TimeProvider time)
    {
        var access = await ConsoleAccess.CheckAsync(context);
        if (access.Kind != AccessKind.Granted)
        {
            return access.ApiRefusal();
        }
        var cancellationToken = context.RequestAborted;
        var local = await ModelVitals.MeasureAsync(history, configuration, VitalsBoard.ThisProcess + " (this process)", cancellationToken);
        var others = await board.ReadOthersAsync(time.GetUtcNow());
        var workers = new List<ModelVitals>();
        if (local is not null)
        {
            workers.Add(local);
        }
        workers.AddRange(others ?? []);
        var queueViews = await queues.ReadAsync(cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            process = new
            {
                roles = configuration["Enrichment:Roles"] is { Length: > 0 } roles ? roles : "all",
                transport = queues.OnRabbitMq ? "rabbitmq" : "in-memory",
                redis = board.IsShared,
                openConsoles = feed.OpenPages,
            },
            mode = new { mode = mode.Current.Mode.ToWire(), source = mode.Current.Source },
            model = new
            {
                known = workers.Count > 0,
                reason = workers.Count > 0 ? null : ModelUnknownReason(board.IsShared, others),
                workers,
            },
            queues = new
            {
                known = queueViews is not null,
                reason = queueViews is not null ? null
                    : queues.OnRabbitMq ? "RabbitMQ did not answer"
                    : "in-memory transport: the queues live inside this process and are not counted",
                items = queueViews,
            },
        });
    }

    private static string ModelUnknownReason(bool shared, IReadOnlyList<ModelVitals>? others) =>
        !shared ? "no worker runs in this process, and without REDIS_URL workers elsewhere cannot report here"
        : others is null ? "Redis did not answer"
        : "no worker has reported in the last 45 s";
}
