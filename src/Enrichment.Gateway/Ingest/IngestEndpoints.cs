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
/// v2, so Prometheus and amtool can use the gateway as an Alertmanager). Each alert is validated as
/// Alertmanager 0.25 validates it; the valid ones are published and the answer comes only after the
/// broker confirmed them: <c>/api/v2/alerts</c> answers 200 as Alertmanager does (amtool's generated
/// client takes no other 2xx), <c>/webhook</c> 202 <c>{"accepted":N}</c>. When some alerts are invalid the
/// valid ones are still published and the answer is a 400 naming each invalid one, as Alertmanager
/// stores the valid ones and answers 400 (Prometheus drops a 4xx batch: refusing it whole would lose
/// its good alerts).
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
        PayloadParseResult parsed;
        try
        {
            parsed = parse(body, options.Limits(), receivedAt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A reader bug must not become a 500: Alertmanager and Prometheus retry a 5xx forever. Logged loudly, answered 400.
            logs.CreateLogger(typeof(IngestEndpoints)).LogError(ex, "Could not read a {Route} payload", route);
            return Problems.InvalidPayload(new PayloadError("$", "the payload could not be read"));
        }
        if (parsed.RequestError is { } error)
        {
            return Problems.InvalidPayload(error);
        }
        try
        {
            await publisher.PublishAsync(parsed.Alerts, route, receivedAt, context.RequestAborted, parsed.GroupKey);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A 4xx here would make Alertmanager drop the alerts for good; 503 makes it retry.
            logs.CreateLogger(typeof(IngestEndpoints)).LogWarning("Bus did not confirm {Count} alerts from {Route}: {Error}",
                parsed.Alerts.Count, route, ex.Message);
            return Problems.Unavailable("the message bus did not confirm the alerts; retry later");
        }
        metrics.AlertsReceived(route, parsed.Alerts.Count);
        if (parsed.Refused.Count > 0)
        {
            return Problems.RefusedAlerts(parsed.Refused, parsed.Alerts.Count);
        }
        // Alertmanager's own answer: 200 and no body.
        return route == ApiV2Route
            ? Results.Ok()
            : Results.Json(new { accepted = parsed.Alerts.Count }, statusCode: StatusCodes.Status202Accepted);
    }
}
