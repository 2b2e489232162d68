using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.WebConsole.Security;

/// <summary>What a request to the console may see: the admin rules, plus the console's own session.</summary>
internal enum AccessKind
{
    /// <summary>Signed in, the admin token, or loopback as <c>ADMIN_ALLOW_LOOPBACK</c> allows.</summary>
    Granted,

    /// <summary><c>ADMIN_AUTH_TOKEN</c> is set and the request has neither a session nor the token: the login form.</summary>
    SignInNeeded,

    /// <summary>No token is set and the request may not come in by loopback.</summary>
    Closed,
}

internal sealed record ConsoleAccess(AccessKind Kind, string Detail, IResult? Refusal = null)
{
    /// <summary>Applies the admin rules (see <c>AuthEndpointFilters.RequireAdminToken</c>) to a console route.</summary>
    public static async Task<ConsoleAccess> CheckAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var browser = await services.GetRequiredService<IBrowserSessions>().JudgeAsync(context);
        if (browser?.Refusal is { } refusal)
        {
            return new(AccessKind.Closed, "refused", refusal);
        }
        if (browser?.SignedIn == true)
        {
            return new(AccessKind.Granted, "session");
        }
        var admin = services.GetRequiredKeyedService<TokenCheck>(AuthEndpointFilters.AdminKey);
        if (admin.IsConfigured)
        {
            return admin.IsAuthorized(context.Request)
                ? new(AccessKind.Granted, "token")
                : new(AccessKind.SignInNeeded, "Sign in with the admin token (ADMIN_AUTH_TOKEN).");
        }
        if (!services.GetRequiredService<IOptions<AdminOptions>>().Value.AllowLoopback)
        {
            return new(AccessKind.Closed, "ADMIN_AUTH_TOKEN is not set and ADMIN_ALLOW_LOOPBACK=false, so the console answers nobody. Set ADMIN_AUTH_TOKEN.");
        }
        return TokenCheck.IsLoopback(context)
            ? new(AccessKind.Granted, "loopback")
            : new(AccessKind.Closed, "ADMIN_AUTH_TOKEN is not set, so the console answers only this machine. Set ADMIN_AUTH_TOKEN to sign in from elsewhere.");
    }

    /// <summary>The answer of a console API route that is not granted: 401 to sign in, 403 when closed.</summary>
    public IResult ApiRefusal() => Refusal ?? (Kind == AccessKind.SignInNeeded
        ? Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in", detail: Detail)
        : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The console is closed", detail: Detail));
}
