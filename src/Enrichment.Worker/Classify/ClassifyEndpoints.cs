using Enrichment.Core.Alertmanager;
using Enrichment.Core.Classification;
using Enrichment.ServiceDefaults.Http;
using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enrichment.Worker.Classify;

/// <summary><c>POST /api/v1/classify</c>: classify now (cache → model → rules), publish nothing. Behind the ingest token.</summary>
public static class ClassifyEndpoints
{
    /// <summary>A bound on one synchronous request; bulk work belongs on the bus.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapClassify(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/classify", async (HttpContext context, ClassificationService classification) =>
        {
            var (body, refusal) = await RequestBodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }
            var parsed = AlertmanagerPayloadParser.ParsePostableAlerts(body, new PayloadLimits(), DateTimeOffset.UtcNow);
            if (parsed.Error is { } error)
            {
                return Problems.InvalidPayload(error);
            }
            var verdicts = await classification.ClassifyAsync(parsed.Alerts, context.RequestAborted);
            var results = parsed.Alerts.Select((alert, i) => new { fingerprint = alert.Fingerprint, classification = verdicts[i]?.ToData() });
            return Results.Ok(new { results });
        })
            // It spends the model (within LLM_MAX_*_PER_MINUTE, as the pipeline does) and fills the shared cache that real
            // alerts then receive: the same guard as ingest.
            .RequireIngestToken()
            .WithName("Classify");
        return endpoints;
    }
}
