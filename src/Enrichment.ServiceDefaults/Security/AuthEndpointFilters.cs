using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.ServiceDefaults.Security;

/// <summary>The two guards of the HTTP surface: ingest (<c>GATEWAY_AUTH_TOKEN</c>) and admin (<c>ADMIN_AUTH_TOKEN</c>).</summary>
public static class AuthEndpointFilters
{
    public const string IngestKey = "ingest";
    public const string AdminKey = "admin";

    /// <summary>401 without the ingest token when one is configured; open otherwise.</summary>
    public static TBuilder RequireIngestToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var check = context.HttpContext.RequestServices.GetRequiredKeyedService<TokenCheck>(IngestKey);
            return check.IsAuthorized(context.HttpContext.Request) ? await next(context) : Unauthorized("the ingest token (GATEWAY_AUTH_TOKEN)");
        });

    /// <summary>
    /// 401 without the admin token when one is configured; otherwise loopback only, or closed with
    /// <c>ADMIN_ALLOW_LOOPBACK=false</c> (behind a sidecar every request comes from loopback).
    /// </summary>
    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            // A browser (the console): its session opens the route; a change from it needs its CSRF token.
            if (services.GetService<IBrowserSessions>() is { } sessions && await sessions.JudgeAsync(context.HttpContext) is { } browser)
            {
                if (browser.Refusal is not null)
                {
                    return browser.Refusal;
                }
                if (browser.SignedIn)
                {
                    return await next(context);
                }
            }
            var check = services.GetRequiredKeyedService<TokenCheck>(AdminKey);
            if (check.IsConfigured)
            {
                return check.IsAuthorized(context.HttpContext.Request) ? await next(context) : Unauthorized("the admin token (ADMIN_AUTH_TOKEN)");
            }
            if (!services.GetRequiredService<IOptions<AdminOptions>>().Value.AllowLoopback)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin routes are closed",
                    detail: "ADMIN_AUTH_TOKEN is not set and ADMIN_ALLOW_LOOPBACK=false, so admin routes answer nobody. Set ADMIN_AUTH_TOKEN.");
            }
            return TokenCheck.IsLoopback(context.HttpContext)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin routes are loopback-only",
                    detail: "ADMIN_AUTH_TOKEN is not set, so admin routes answer only requests from this machine.");
        });

    private static IResult Unauthorized(string what) =>
        new WithWwwAuthenticate(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: $"This route needs {what} as a bearer token or basic-auth password."));

    private sealed class WithWwwAuthenticate(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
