using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.WebConsole.Tests.Infrastructure;

namespace Enrichment.WebConsole.Tests.Http;

/// <summary>One real host with <c>ADMIN_AUTH_TOKEN</c> set, shared by the tests of this class.</summary>
public sealed class TokenHostFixture : IAsyncLifetime
{
    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ConsoleHost.StartEmbeddedAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The console's security over plain HTTP on the real executable: the admin rules, the session cookie, CSRF on every change
/// a browser makes, and the headers that keep alert text from ever running as code.
/// </summary>
public sealed partial class ConsoleSecurityTests(TokenHostFixture fixture) : IClassFixture<TokenHostFixture>
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task Every_console_answer_carries_a_strict_content_security_policy_and_the_page_has_nothing_inline()
    {
        using var client = new ConsoleClient(Host.BaseAddress);
        using var login = await client.Http.GetAsync("/ui/login");
        using var script = await client.Http.GetAsync("/ui/assets/console.js");
        using var refused = await client.Http.GetAsync("/ui");
        using var page = await WithBearer(HttpMethod.Get, "/ui");
        var html = await page.Content.ReadAsStringAsync();
        var js = await script.Content.ReadAsStringAsync();

        foreach (var response in new[] { login, script, refused, page })
        {
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        }
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        // Nothing the policy would have to allow: no inline script, no inline style, nothing from another host.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(StyleAttribute(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ForeignSource(), html);
        // Alert text reaches the page through textContent only.
        Assert.DoesNotContain("innerHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_or_the_token_the_console_is_refused_even_from_this_machine()
    {
        using var client = new ConsoleClient(Host.BaseAddress);

        using var page = await client.Http.GetAsync("/ui");
        using var events = await client.Http.GetAsync("/ui/api/events");
        using var state = await client.Http.GetAsync("/ui/api/state");
        using var session = await client.Http.GetAsync("/ui/api/session");
        using var withToken = await WithBearer(HttpMethod.Get, "/ui/api/state");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/ui/login", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, state.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }

    [Fact]
    public async Task Signing_in_gives_an_http_only_strict_session_cookie_that_holds_no_token()
    {
        using var client = new ConsoleClient(Host.BaseAddress);

        using var wrong = await client.SignInAsync("guess");
        using var noCsrf = await client.SignInAsync(ConsoleHost.AdminToken, withCsrf: false);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCsrf.StatusCode);
        Assert.DoesNotContain(client.Cookies, c => c.Name == "enrichment-console");

        using var right = await client.SignInAsync(ConsoleHost.AdminToken);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/ui", right.Headers.Location!.OriginalString);
        var setCookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("enrichment-console=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var value = client.Cookies["enrichment-console"]!.Value;
        Assert.DoesNotContain(ConsoleHost.AdminToken, value, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(ConsoleHost.AdminToken)).TrimEnd('='), value, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleHost.AdminToken, string.Join('\n', Host.StderrLines), StringComparison.Ordinal);

        using var page = await client.Http.GetAsync("/ui");
        using var state = await client.Http.GetAsync("/ui/api/state");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Contains("<title>Enrichment console</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Signing out ends it (a change, so it needs the CSRF token too).
        var csrf = await client.CsrfTokenAsync();
        using var signOut = await client.SendAsync(HttpMethod.Post, "/ui/logout", null, csrf);
        using var after = await client.Http.GetAsync("/ui/api/state");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_change_from_a_signed_in_browser_without_the_csrf_token_is_refused_while_scripts_keep_the_bearer_token()
    {
        using var client = new ConsoleClient(Host.BaseAddress);
        using var signIn = await client.SignInAsync(ConsoleHost.AdminToken);
        var csrf = await client.CsrfTokenAsync();
        var before = await ModeAsync();
        var other = before == "enriched" ? "transparent" : "enriched";

        using var withoutToken = await client.SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", $$"""{"mode":"{{other}}"}""", csrf: null);
        using var forgedToken = await client.SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", $$"""{"mode":"{{other}}"}""", csrf: "forged");
        using var crossSite = await client.SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", $$"""{"mode":"{{other}}"}""", csrf, fetchSite: "cross-site");
        Assert.Equal(before, await ModeAsync());

        using var withToken = await client.SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", $$"""{"mode":"{{other}}"}""", csrf);
        Assert.Equal(other, await ModeAsync());
        using var script = await WithBearer(HttpMethod.Put, "/api/v1/enrichment/mode", $$"""{"mode":"{{before}}"}""");

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Contains("CSRF", await withoutToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forgedToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(before, await ModeAsync());
    }

    private async Task<string> ModeAsync()
    {
        using var document = JsonDocument.Parse(await Host.Http.GetStringAsync("/api/v1/enrichment/mode"));
        return document.RootElement.GetProperty("mode").GetString()!;
    }

    private Task<HttpResponseMessage> WithBearer(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleHost.AdminToken);
        return Host.Http.SendAsync(request);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"(src|href)\s*=\s*""(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignSource();
}
