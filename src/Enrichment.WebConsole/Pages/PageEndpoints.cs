using System.Security.Claims;
using Enrichment.ServiceDefaults.Security;
using Enrichment.WebConsole.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Enrichment.WebConsole.Pages;

/// <summary>The console's page, its assets, and signing in and out.</summary>
internal static class PageEndpoints
{
    public static void MapConsolePages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/ui", ConsolePageAsync).WithName("Console");
        ui.MapGet("/ui/assets/{name}", Asset);
        ui.MapGet("/ui/login", LoginPage);
        ui.MapPost("/ui/login", SignInAsync);
        ui.MapPost("/ui/logout", SignOutAsync);
        ui.MapGet("/ui/api/session", SessionAsync);
    }

    private static async Task<IResult> ConsolePageAsync(HttpContext context, ConsoleAssets assets)
    {
        var access = await ConsoleAccess.CheckAsync(context);
        return access.Kind switch
        {
            AccessKind.Granted => Html(context, assets.Text("index.html")),
            AccessKind.SignInNeeded => Results.Redirect("/ui/login"),
            _ => Html(context, Notice(assets, access.Detail), StatusCodes.Status403Forbidden),
        };
    }

    private static IResult Asset(string name, HttpContext context, ConsoleAssets assets)
    {
        // Assets are public (they hold no data); the page and every API behind them are not.
        if (name.EndsWith(".html", StringComparison.Ordinal) || assets.Find(name) is not { } asset)
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static IResult LoginPage(HttpContext context, ConsoleAssets assets, IAntiforgery antiforgery) =>
        RenderLogin(context, assets, antiforgery, message: "", StatusCodes.Status200OK);

    private static async Task<IResult> SignInAsync(HttpContext context, ConsoleAssets assets, IAntiforgery antiforgery, ILoggerFactory logs)
    {
        var admin = context.RequestServices.GetRequiredKeyedService<TokenCheck>(AuthEndpointFilters.AdminKey);
        if (!admin.IsConfigured)
        {
            // Nothing to sign in with: the loopback rule decides (see the page itself).
            return Results.Redirect("/ui");
        }
        if (!context.Request.HasFormContentType)
        {
            return RenderLogin(context, assets, antiforgery, "Send the form from the login page.", StatusCodes.Status400BadRequest);
        }
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return RenderLogin(context, assets, antiforgery, "The form had expired; try again.", StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (token.Length == 0 || !admin.Matches(token))
        {
            logs.CreateLogger(typeof(PageEndpoints)).LogWarning("Console sign-in refused from {Remote}: wrong token", context.Connection.RemoteIpAddress);
            return RenderLogin(context, assets, antiforgery, "That is not the admin token.", StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ConsoleAuth.StampClaim, admin.Stamp!)], ConsoleAuth.Scheme);
        await context.SignInAsync(ConsoleAuth.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        logs.CreateLogger(typeof(PageEndpoints)).LogInformation("Console session signed in from {Remote}", context.Connection.RemoteIpAddress);
        return Results.Redirect("/ui", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "CSRF token missing or invalid",
                detail: $"Signing out needs the console's {ConsoleAuth.CsrfHeader} header.");
        }
        await context.SignOutAsync(ConsoleAuth.Scheme);
        return Results.NoContent();
    }

    /// <summary>What the page needs before its first change: the CSRF token (and its cookie), and how it was let in.</summary>
    private static async Task<IResult> SessionAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var access = await ConsoleAccess.CheckAsync(context);
        if (access.Kind != AccessKind.Granted)
        {
            return access.ApiRefusal();
        }
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        var admin = context.RequestServices.GetRequiredKeyedService<TokenCheck>(AuthEndpointFilters.AdminKey);
        return Results.Json(new { csrfToken = tokens.RequestToken, csrfHeader = ConsoleAuth.CsrfHeader, via = access.Detail, canSignOut = admin.IsConfigured });
    }

    private static IResult RenderLogin(HttpContext context, ConsoleAssets assets, IAntiforgery antiforgery, string message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = PageTemplate.Render(assets.Text("login.html"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["csrfField"] = ConsoleAuth.CsrfField,
            ["csrf"] = tokens.RequestToken ?? "",
            ["message"] = message,
            ["messageHidden"] = message.Length == 0 ? "hidden" : "",
        });
        return Html(context, html, status);
    }

    private static string Notice(ConsoleAssets assets, string detail) =>
        PageTemplate.Render(assets.Text("notice.html"), new Dictionary<string, string>(StringComparer.Ordinal) { ["detail"] = detail });

    private static IResult Html(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
