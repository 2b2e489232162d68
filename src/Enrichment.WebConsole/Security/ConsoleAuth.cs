namespace Enrichment.WebConsole.Security;

/// <summary>Names the console's security rests on, kept in one place so the docs and the tests can find them.</summary>
public static class ConsoleAuth
{
    /// <summary>The authentication scheme of a signed-in console session (ASP.NET Core cookie authentication).</summary>
    public const string Scheme = "enrichment-console";

    /// <summary>
    /// The session cookie: HttpOnly, SameSite=Strict, an authentication ticket encrypted with ASP.NET Core data protection.
    /// It holds no token, only a stamp that changes when the admin token does (<see cref="ServiceDefaults.Security.TokenCheck.Stamp"/>).
    /// </summary>
    public const string SessionCookie = "enrichment-console";

    /// <summary>The antiforgery cookie (HttpOnly, SameSite=Strict); its request token travels in <see cref="CsrfHeader"/>.</summary>
    public const string CsrfCookie = "enrichment-csrf";

    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The login form's antiforgery field.</summary>
    public const string CsrfField = "csrf";

    public const string StampClaim = "enrichment:token-stamp";
}
