using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Enrichment.WebConsole.Tests.Infrastructure;

/// <summary>A browser's view of the console over plain HTTP: a cookie jar, no redirects followed, and the sign-in form.</summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public ConsoleClient(Uri baseAddress)
    {
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(_handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public CookieCollection Cookies => _handler.CookieContainer.GetCookies(Http.BaseAddress!);

    /// <summary>Loads the login form and posts <paramref name="token"/> with the form's CSRF field, as the page does.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string token, bool withCsrf = true)
    {
        var form = await Http.GetStringAsync("/ui/login");
        var csrf = CsrfField().Match(form);
        Assert.True(csrf.Success, "the login form has no CSRF field:\n" + form);
        var fields = new Dictionary<string, string> { ["token"] = token };
        if (withCsrf)
        {
            fields["csrf"] = WebUtility.HtmlDecode(csrf.Groups[1].Value);
        }
        return await Http.PostAsync("/ui/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>The CSRF token the page receives from <c>/ui/api/session</c>.</summary>
    public async Task<string> CsrfTokenAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("/ui/api/session"));
        return document.RootElement.GetProperty("csrfToken").GetString()!;
    }

    /// <summary>A JSON change as the page makes it: same-origin, with or without its CSRF header.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, string? csrf, string? fetchSite = "same-origin")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        request.Headers.Add("Origin", Http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        return Http.SendAsync(request);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
