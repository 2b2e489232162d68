using Enrichment.Contracts;
using Enrichment.Core.Incidents;
using Enrichment.ServiceDefaults.Http;
using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Enrichment.Gateway.Incidents;

/// <summary>
/// <c>GET /api/v1/incidents</c> and <c>GET /api/v1/incidents/{id}</c>: open and recently resolved incidents, read from the
/// book every worker writes (Redis when <c>REDIS_URL</c> is set). Behind the admin token: incidents show alert labels.
/// </summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/incidents", ListAsync)
            .RequireAdminToken()
            .WithName("ListIncidents");
        endpoints.MapGet("/api/v1/incidents/{id}", GetAsync)
            .RequireAdminToken()
            .WithName("GetIncident");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IIncidentStore store, ILoggerFactory logs)
    {
        var book = await ReadAsync(context, store, logs);
        if (book is null)
        {
            return Problems.Unavailable("the incident store did not answer; retry later");
        }
        // Open first, the most recently changed first.
        var incidents = book.Incidents
            .OrderBy(i => i.IsOpen ? 0 : 1)
            .ThenByDescending(i => i.UpdatedAt)
            .Select(IncidentSnapshots.ToData)
            .ToList();
        return Results.Json(new IncidentList(incidents), EnrichmentJson.Options);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IIncidentStore store, ILoggerFactory logs)
    {
        var book = await ReadAsync(context, store, logs);
        if (book is null)
        {
            return Problems.Unavailable("the incident store did not answer; retry later");
        }
        return book.Find(id) is { } incident
            ? Results.Json(new IncidentList([IncidentSnapshots.ToData(incident)]), EnrichmentJson.Options)
            : Problems.Refuse(StatusCodes.Status404NotFound, "Unknown incident", "no open or recently resolved incident has this id", "id");
    }

    private static async Task<IncidentBook?> ReadAsync(HttpContext context, IIncidentStore store, ILoggerFactory logs)
    {
        try
        {
            return await store.ReadAsync(context.RequestAborted);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logs.CreateLogger(typeof(IncidentEndpoints)).LogWarning("Incident store ({Store}) did not answer: {Error}", store.Name, ex.Message);
            return null;
        }
    }

    /// <summary>The answer of both routes, as the contract shapes it.</summary>
    private sealed record IncidentList(IReadOnlyList<IncidentData> Incidents);
}
