using System.Net;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.WebConsole.Tests.Infrastructure;

namespace Enrichment.WebConsole.Tests.Http;

/// <summary>
/// Without <c>ADMIN_AUTH_TOKEN</c> the console follows the loopback rule, as the admin routes do — and a browser's change
/// still needs the CSRF token, while curl's (no Origin, no cookie) is judged as before.
/// </summary>
public sealed class LoopbackConsoleTests
{
    [Fact]
    public async Task From_this_machine_the_console_opens_without_sign_in_and_a_browser_change_still_needs_its_csrf_token()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["NOTIFIER_CONSOLE"] = "false" });
        using var browser = new ConsoleClient(host.BaseAddress);

        using var page = await browser.Http.GetAsync("/ui");
        var csrf = await browser.CsrfTokenAsync();
        using var withoutToken = await browser.SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", """{"mode":"enriched"}""", csrf: null);
        using var withToken = await browser.SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", """{"mode":"enriched"}""", csrf);
        using var curl = await host.Http.PutAsync("/api/v1/enrichment/mode", new StringContent("""{"mode":"transparent"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, curl.StatusCode);
    }

    [Fact]
    public async Task With_loopback_turned_off_and_no_token_the_console_answers_nobody()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["ADMIN_ALLOW_LOOPBACK"] = "false", ["NOTIFIER_CONSOLE"] = "false" });
        using var browser = new ConsoleClient(host.BaseAddress);

        using var page = await browser.Http.GetAsync("/ui");
        using var events = await browser.Http.GetAsync("/ui/api/events");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("ADMIN_ALLOW_LOOPBACK=false", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, events.StatusCode);
    }
}
