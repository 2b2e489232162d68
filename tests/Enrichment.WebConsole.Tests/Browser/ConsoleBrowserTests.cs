using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.WebConsole.Tests.Browser;

/// <summary>
/// The console in a real browser against the real executable (every role in one process, as <c>dotnet run</c> starts it,
/// with <c>ADMIN_AUTH_TOKEN</c> set): what an on-call engineer does with it, click by click.
/// </summary>
public sealed partial class ConsoleBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task Sign_in_switch_the_mode_and_watch_posted_alerts_arrive_in_the_feed()
    {
        var page = await fixture.Chromium.NewPageAsync(Host.BaseAddress);

        // Not signed in: the console sends the browser to the login form, and a wrong token keeps it there.
        await page.GotoAsync("/ui");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GetByLabel("Admin token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That is not the admin token.");
        await page.GetByLabel("Admin token").FillAsync(ConsoleHost.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleUrl());
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");

        // Switch the mode from the header: every worker classifies from its next batch on.
        await page.GetByLabel("Mode", new() { Exact = true }).SelectOptionAsync("enriched");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch" }).ClickAsync();
        await Expect(page.Locator("#message")).ToContainTextAsync("Mode switched to enriched");
        await Host.WaitForModeAsync("enriched", TimeSpan.FromSeconds(10));

        // Alerts posted as Prometheus posts them appear without a reload; alert text is shown as text, never as markup.
        // (The host is shared by this class's tests: this test's alerts carry a label of their own, and the search finds them.)
        await ConsoleHost.PostAlertsAsync(Host, """
            [{"labels":{"alertname":"PostgresqlDown","severity":"critical","instance":"db-1:9187","job":"postgres","scenario":"first-look"},
              "annotations":{"summary":"PostgreSQL is down on db-1"}},
             {"labels":{"alertname":"HostOutOfDiskSpace","severity":"warning","instance":"web-3:9100","scenario":"first-look"},
              "annotations":{"summary":"Disk almost full <img src=x id=injected>"}},
             {"labels":{"alertname":"KubePodCrashLooping","severity":"warning","namespace":"shop","pod":"cart-7d9","scenario":"first-look"},
              "annotations":{"summary":"Pod shop/cart-7d9 is crash looping"}}]
            """);
        await page.GetByLabel("Search").FillAsync("scenario=first-look");
        var feed = page.Locator("#feed .event");
        await Expect(feed).ToHaveCountAsync(3);
        await Expect(feed.Filter(new() { HasText = "HostOutOfDiskSpace" })).ToContainTextAsync("<img src=x id=injected>");
        Assert.Equal(0, await page.Locator("#injected").CountAsync());

        // Filter by severity, then open one: its verdict and where the verdict came from.
        await page.GetByLabel("Severity").SelectOptionAsync("critical");
        await Expect(feed).ToHaveCountAsync(1);
        await feed.First.ClickAsync();
        var detail = page.Locator("#detail");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Name = "PostgresqlDown" })).ToBeVisibleAsync();
        await Expect(detail.Locator(".verdict")).ToContainTextAsync("database");
        await Expect(detail.Locator("dl.pairs").First).ToContainTextAsync("rules");
        await Expect(detail.Locator("dl.pairs").First).ToContainTextAsync("llm_disabled");
        await Expect(detail).ToContainTextAsync("db-1:9187");
        await page.Keyboard.PressAsync("Escape");
        await Expect(detail).ToBeHiddenAsync();

        // The page's change went to the contract's route: the mode is what the API says.
        var mode = JsonDocument.Parse(await Host.Http.GetStringAsync("/api/v1/enrichment/mode")).RootElement.GetProperty("mode").GetString();
        Assert.Equal("enriched", mode);
        await page.Context.CloseAsync();
    }

    /// <summary>A fresh browser context signed in through the login form.</summary>
    private async Task<IPage> SignedInPageAsync(int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        var page = await fixture.Chromium.NewPageAsync(Host.BaseAddress, width, height, scheme);
        await page.GotoAsync("/ui/login");
        await page.GetByLabel("Admin token").FillAsync(ConsoleHost.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        return page;
    }

    [GeneratedRegex("/ui/login$")]
    private static partial Regex LoginUrl();

    [GeneratedRegex("/ui$")]
    private static partial Regex ConsoleUrl();
}
