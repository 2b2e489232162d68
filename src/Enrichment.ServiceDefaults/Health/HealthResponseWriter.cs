using System.Text.Json;
using Enrichment.Core.Feedback;
using Enrichment.Core.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Enrichment.ServiceDefaults.Health;

/// <summary>
/// A readiness answer that says which dependency is the matter, not just "Unhealthy", and — on the roles that read
/// the mode (gateway, worker) — the mode this process applies right now, so that a deployment (or a test) can see
/// when a change has reached every worker instead of waiting a poll interval and hoping.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var mode = context.RequestServices.GetService<EnrichmentModeState>()?.Current;
        // On workers: the corrections they apply, so that a change can be seen to have reached each of them.
        var overrides = context.RequestServices.GetService<OverrideState>()?.Current;
        var body = new
        {
            status = report.Status.ToString(),
            mode = mode is null ? null : new { mode = mode.Mode.ToWire(), source = mode.Source },
            overrides = overrides is null ? null : new { generation = overrides.Generation, count = overrides.Overrides.Count },
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
