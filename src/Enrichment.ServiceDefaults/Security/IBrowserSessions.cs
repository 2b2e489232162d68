using Microsoft.AspNetCore.Http;

namespace Enrichment.ServiceDefaults.Security;

/// <summary>
/// How admin routes judge a request from a browser (the gateway's console): a signed-in console session opens them as the
/// admin token does, and a change made from a browser must carry the console's CSRF token. Registered by the console;
/// without it, admin routes know only the bearer token and the loopback rule.
/// </summary>
public interface IBrowserSessions
{
    /// <summary>
    /// Null when the request is not a browser's (no console cookie, no <c>Origin</c>): the token and loopback rules apply
    /// unchanged, so curl, Alertmanager and scripts see no difference.
    /// </summary>
    ValueTask<BrowserVerdict?> JudgeAsync(HttpContext context);
}

/// <param name="SignedIn">A valid console session: the request is let through as with the admin token.</param>
/// <param name="Refusal">Set when the request must be refused (a change without a valid CSRF token, or from another site).</param>
public sealed record BrowserVerdict(bool SignedIn, IResult? Refusal)
{
    public static BrowserVerdict Anonymous { get; } = new(false, null);

    public static BrowserVerdict Session { get; } = new(true, null);
}
