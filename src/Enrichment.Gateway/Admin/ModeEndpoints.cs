using System.Text.Json;
using Enrichment.Core.Modes;
using Enrichment.ServiceDefaults.Http;
using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Enrichment.Gateway.Admin;

/// <summary><c>GET</c>/<c>PUT /api/v1/enrichment/mode</c>: the mode every worker applies.</summary>
public static class ModeEndpoints
{
    public static IEndpointRouteBuilder MapModeAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/enrichment/mode", (EnrichmentModeState state) => Results.Ok(ToBody(state.Current)))
            .WithName("GetEnrichmentMode");
        endpoints.MapPut("/api/v1/enrichment/mode", SetModeAsync)
            .RequireAdminToken()
            .WithName("SetEnrichmentMode");
        return endpoints;
    }

    private static async Task<IResult> SetModeAsync(HttpContext context, EnrichmentModeState state, ILoggerFactory logs)
    {
        string? requested;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            requested = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String
                ? mode.GetString()
                : null;
        }
        catch (JsonException)
        {
            requested = null;
        }
        if (!EnrichmentModes.TryParse(requested, out var next))
        {
            return Problems.Refuse(StatusCodes.Status400BadRequest, "Unknown mode",
                $"must be one of {EnrichmentModes.TransparentName}, {EnrichmentModes.EnrichedName}, {EnrichmentModes.TransparentWithRecommendationsName}",
                "mode");
        }
        try
        {
            return Results.Ok(ToBody(await state.SetAsync(next, context.RequestAborted)));
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logs.CreateLogger(typeof(ModeEndpoints)).LogWarning("Could not store mode {Mode}: {Error}", next.ToWire(), ex.Message);
            return Problems.Unavailable("the mode store did not take the change; retry later");
        }
    }

    private static object ToBody(ModeSetting setting) => new { mode = setting.Mode.ToWire(), source = setting.Source };
}
