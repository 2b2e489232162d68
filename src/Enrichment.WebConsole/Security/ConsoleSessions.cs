using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Enrichment.WebConsole.Security;

/// <summary>
/// The console's side of the admin rules (<see cref="IBrowserSessions"/>): a valid session cookie opens admin routes, and
/// every change a browser makes — from the console or from a page that would abuse it — must carry the antiforgery token
/// the console received, whether it is signed in or let through by the loopback rule.
/// </summary>
internal sealed class ConsoleSessions(IAntiforgery antiforgery) : IBrowserSessions
{
    public async ValueTask<BrowserVerdict?> JudgeAsync(HttpContext context)
    {
        var request = context.Request;
        var hasSession = request.Cookies.ContainsKey(ConsoleAuth.SessionCookie);
        // Browsers send Origin with every POST, PUT and DELETE, same-origin ones included; curl and Alertmanager do not.
        var fromBrowser = hasSession || request.Headers.Origin.Count > 0 || request.Headers.ContainsKey("Sec-Fetch-Site");
        if (!fromBrowser)
        {
            return null;
        }
        if (IsChange(request.Method))
        {
            if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse("Cross-site request refused", "A change to this service may not come from another site's page.");
            }
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Refuse("CSRF token missing or invalid",
                    $"A change made from a browser must carry the console's {ConsoleAuth.CsrfHeader} header (reload the console); scripts use the bearer token instead.");
            }
        }
        return hasSession && await IsSignedInAsync(context) ? BrowserVerdict.Session : BrowserVerdict.Anonymous;
    }

    public static async Task<bool> IsSignedInAsync(HttpContext context) =>
        (await context.AuthenticateAsync(ConsoleAuth.Scheme)).Succeeded;

    private static bool IsChange(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static BrowserVerdict Refuse(string title, string detail) =>
        new(false, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail));
}
