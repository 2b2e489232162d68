using Enrichment.Core;
using Enrichment.Core.Alertmanager;
using Enrichment.ServiceDefaults.Http;
using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Gateway.Ingest;

/// <summary>
/// <c>POST /webhook</c> (Alertmanager webhook v4) and <c>POST /api/v2/alerts</c> (Alertmanager API
/// v2, so Prometheus can list the gateway as an Alertmanager). A request is validated whole before
/// anything is published, and answered 202 only after the broker confirmed every alert.
/// </summary>
public static class IngestEndpoints
{
    public const string WebhookRoute = "webhook";
    public const string ApiV2Route = "api_v2";

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhook", (HttpContext context, AlertIngestPublisher publisher, IOptions<GatewayOptions> options, IEnrichmentMetrics metrics, ILoggerFactory logs) =>
                IngestAsync(context, WebhookRoute, AlertmanagerPayloadParser.ParseWebhook, publisher, options.Value, metrics, logs))
            .RequireIngestToken()
            .WithName("IngestWebhook");
        endpoints.MapPost("/api/v2/alerts", (HttpContext context, AlertIngestPublisher publisher, IOptions<GatewayOptions> options, IEnrichmentMetrics metrics, ILoggerFactory logs) =>
                IngestAsync(context, ApiV2Route, AlertmanagerPayloadParser.ParsePostableAlerts, publisher, options.Value, metrics, logs))
            .RequireIngestToken()
            .WithName("IngestApiV2");
        return endpoints;
    }

    private delegate PayloadParseResult Parser(ReadOnlySpan<byte> body, PayloadLimits limits, DateTimeOffset now);

    private static async Task<IResult> IngestAsync(HttpContext context, string route, Parser parse, AlertIngestPublisher publisher,
        GatewayOptions options, IEnrichmentMetrics metrics, ILoggerFactory logs)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var (body, refusal) = await RequestBodyReader.ReadAsync(context.Request, options.MaxBodyBytes, context.RequestAborted);
        if (refusal is not null)
        {
            return refusal;
        }
        var parsed = parse(body, options.Limits(), receivedAt);
        if (parsed.Error is { } error)
        {
            return Problems.InvalidPayload(error);
        }
        try
        {
            await publisher.PublishAsync(parsed.Alerts, route, receivedAt, context.RequestAborted);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A 4xx here would make Alertmanager drop the alerts for good; 503 makes it retry.
            logs.CreateLogger(typeof(IngestEndpoints)).LogWarning("Bus did not confirm {Count} alerts from {Route}: {Error}",
                parsed.Alerts.Count, route, ex.Message);
            return Problems.Unavailable("the message bus did not confirm the alerts; retry later");
        }
        metrics.AlertsReceived(route, parsed.Alerts.Count);
        return Results.Json(new { accepted = parsed.Alerts.Count }, statusCode: StatusCodes.Status202Accepted);
    }
}
