using Microsoft.AspNetCore.Http;

namespace Enrichment.ServiceDefaults.Http;

/// <summary>RFC 9457 problem answers that name the offending field, so a sender can fix its payload.</summary>
public static class Problems
{
    public static IResult Refuse(int status, string title, string detail, string field) =>
        Results.Problem(statusCode: status, title: title, detail: $"{field}: {detail}",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = field });

    public static IResult InvalidPayload(Enrichment.Core.Alertmanager.PayloadError error) =>
        Refuse(StatusCodes.Status400BadRequest, "Invalid alert payload", error.Detail, error.Field);

    /// <summary>
    /// Some alerts of a request are invalid: the others were delivered. Names every refused alert (its index, the
    /// field and why) and says how many were accepted, so the sender knows exactly what to fix.
    /// </summary>
    public static IResult RefusedAlerts(IReadOnlyList<Enrichment.Core.Alertmanager.RefusedAlert> refused, int accepted)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var first = refused[0].Error;
        var more = refused.Count > 1 ? $" ({refused.Count} alerts refused in all)" : "";
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid alert payload",
            detail: $"{first.Field}: {first.Detail}{more}; {accepted} valid alerts of the request were accepted",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["field"] = first.Field,
                ["accepted"] = accepted,
                ["errors"] = refused.Select(r => new { index = r.Index, field = r.Error.Field, detail = r.Error.Detail }).ToArray(),
            });
    }

    public static IResult Unavailable(string detail) =>
        new WithRetryAfter(Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: detail));

    /// <summary>Tells the sender when to try again; Alertmanager retries 5xx on its own schedule anyway.</summary>
    private sealed class WithRetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "5";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
