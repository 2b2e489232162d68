using System.Text;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.ServiceDefaults.Http;
using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Enrichment.Gateway.Feedback;

/// <summary>
/// <c>POST /api/v1/feedback</c> (feedback or admin token): correct the verdict of an alert's signature.
/// <c>GET</c>/<c>DELETE /api/v1/overrides[/{signature}]</c> (admin): the corrections in force, with who, when, before and
/// after; <c>?format=jsonl</c> exports them as a labelled set, one JSON object per line.
/// </summary>
public static class FeedbackEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/feedback", PostAsync).RequireFeedbackOrAdminToken().WithName("PostFeedback");
        endpoints.MapGet("/api/v1/overrides", ListAsync).RequireAdminToken().WithName("ListOverrides");
        endpoints.MapGet("/api/v1/overrides/{signature}", GetAsync).RequireAdminToken().WithName("GetOverride");
        endpoints.MapDelete("/api/v1/overrides", DeleteAllAsync).RequireAdminToken().WithName("DeleteOverrides");
        endpoints.MapDelete("/api/v1/overrides/{signature}", DeleteAsync).RequireAdminToken().WithName("DeleteOverride");
        return endpoints;
    }

    private static async Task<IResult> PostAsync(HttpContext context, CorrectionRecorder recorder, ILoggerFactory logs)
    {
        var (body, refusal) = await RequestBodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (refusal is not null)
        {
            return refusal;
        }
        var (request, field, problem) = CorrectionRequest.Parse(body);
        if (request is null)
        {
            return Problems.Refuse(StatusCodes.Status400BadRequest, "Invalid correction", problem!, field!);
        }
        return await StoreAsync(context, logs, async () =>
        {
            var outcome = await recorder.RecordAsync(request, FeedbackAuth.CredentialOf(context), context.RequestAborted);
            return outcome.Override is { } stored
                ? Results.Ok(new { @override = OverrideBody.Of(stored), generation = outcome.Generation })
                : Problems.Refuse(StatusCodes.Status404NotFound, "Unknown alert", outcome.Problem!, outcome.Field!);
        });
    }

    private static Task<IResult> ListAsync(HttpContext context, IOverrideStore store, ILoggerFactory logs, string? format) =>
        StoreAsync(context, logs, async () =>
        {
            var set = await store.ReadAsync(context.RequestAborted);
            var overrides = set.Overrides.Values.OrderByDescending(o => o.At).ThenBy(o => o.Signature, StringComparer.Ordinal).ToList();
            if (string.Equals(format, "jsonl", StringComparison.OrdinalIgnoreCase))
            {
                var lines = new StringBuilder();
                foreach (var correction in overrides)
                {
                    lines.Append(JsonSerializer.Serialize(OverrideBody.LabelledLine(correction), EnrichmentJson.Options)).Append('\n');
                }
                return Results.Text(lines.ToString(), "application/x-ndjson", Encoding.UTF8);
            }
            if (format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            {
                return Problems.Refuse(StatusCodes.Status400BadRequest, "Unknown format", "must be json or jsonl", "format");
            }
            return Results.Ok(new { generation = set.Generation, overrides = overrides.Select(OverrideBody.Of) });
        });

    private static Task<IResult> GetAsync(HttpContext context, string signature, IOverrideStore store, ILoggerFactory logs) =>
        StoreAsync(context, logs, async () =>
            (await store.ReadAsync(context.RequestAborted)).Overrides.TryGetValue(signature, out var correction)
                ? Results.Ok(OverrideBody.Of(correction))
                : NoOverride());

    private static Task<IResult> DeleteAsync(HttpContext context, string signature, IOverrideStore store, ILoggerFactory logs) =>
        StoreAsync(context, logs, async () =>
        {
            var (removed, generation) = await store.DeleteAsync(signature, context.RequestAborted);
            if (removed == 0)
            {
                return NoOverride();
            }
            logs.CreateLogger(typeof(FeedbackEndpoints)).LogInformation("Correction for signature {Signature} removed by {By}, generation {Generation}",
                signature, FeedbackAuth.AdminCredentialOf(context), generation);
            return Results.Ok(new { deleted = removed, generation });
        });

    private static Task<IResult> DeleteAllAsync(HttpContext context, IOverrideStore store, ILoggerFactory logs) =>
        StoreAsync(context, logs, async () =>
        {
            var (removed, generation) = await store.DeleteAsync(null, context.RequestAborted);
            logs.CreateLogger(typeof(FeedbackEndpoints)).LogInformation("All {Count} corrections removed by {By}, generation {Generation}",
                removed, FeedbackAuth.AdminCredentialOf(context), generation);
            return Results.Ok(new { deleted = removed, generation });
        });

    private static IResult NoOverride() =>
        Problems.Refuse(StatusCodes.Status404NotFound, "No correction", "no correction is in force for this signature", "signature");

    /// <summary>A store that cannot answer is a 503 (retry later), never a 500.</summary>
    private static async Task<IResult> StoreAsync(HttpContext context, ILoggerFactory logs, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logs.CreateLogger(typeof(FeedbackEndpoints)).LogWarning("Correction store failed: {Error}", ex.Message);
            return Problems.Unavailable("the correction store did not answer; retry later");
        }
    }
}
