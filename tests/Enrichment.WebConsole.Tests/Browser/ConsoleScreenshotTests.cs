using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.WebConsole.Tests.Browser;

/// <summary>
/// The main views at 1280×800 in the light scheme and on a phone (390×844) in the dark one: nothing wider than the
/// screen, the dark scheme really dark, and the pictures the docs show (<c>docs/images/console-*.png</c>).
/// The pictures go to the test output's <c>screenshots/</c>; with <c>UPDATE_SCREENSHOTS=1</c> also to <c>docs/images/</c>.
/// </summary>
public sealed class ConsoleScreenshotTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly string[] Pictures =
        ["console-feed.png", "console-incidents.png", "console-corrections.png", "console-service.png", "console-phone-dark.png"];

    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task The_main_views_fit_a_laptop_and_a_phone_in_light_and_dark_and_are_the_pictures_the_docs_show()
    {
        await ConsoleHost.SetModeAsync(Host, "enriched");
        await Host.WaitForModeAsync("enriched", TimeSpan.FromSeconds(10));
        var page = await SignInAsync(1280, 800, ColorScheme.Light);
        // The README's example alerts, and a storm for the incidents view.
        await PostWebhookAsync(File.ReadAllText(RepositoryPaths.Of("examples", "alerts", "webhook-five-alerts.json")));
        await PostWebhookAsync(StormPayload());
        var feed = page.Locator("#feed .event");
        await Expect(feed).ToHaveCountAsync(10);
        // A correction in force, for the corrections view.
        await CorrectAsync(page, "HostOutOfDiskSpace");

        await feed.Filter(new() { HasText = "PostgresqlTooManyConnections" }).ClickAsync();
        await Expect(page.Locator("#detail h2")).ToHaveTextAsync("PostgresqlTooManyConnections");
        await AssertFitsAsync(page, "feed at 1280×800");
        await ShotAsync(page, "console-feed.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Incidents" }).ClickAsync();
        await Expect(page.Locator("article.incident ol.steps li").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await AssertFitsAsync(page, "incidents at 1280×800");
        await ShotAsync(page, "console-incidents.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Corrections" }).ClickAsync();
        await Expect(page.Locator("#overrides tr").Filter(new() { HasText = "HostOutOfDiskSpace" })).ToBeVisibleAsync();
        await AssertFitsAsync(page, "corrections at 1280×800");
        await ShotAsync(page, "console-corrections.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Service" }).ClickAsync();
        await Expect(page.Locator("#service article").First).ToBeVisibleAsync();
        await Expect(page.Locator("#service")).ToContainTextAsync("events enriched");
        await AssertFitsAsync(page, "service at 1280×800");
        await ShotAsync(page, "console-service.png");
        await page.Context.CloseAsync();

        // A phone, dark: one column, the detail over the feed, nothing to scroll sideways.
        var phone = await SignInAsync(390, 844, ColorScheme.Dark);
        await Expect(phone.Locator("#feed .event")).ToHaveCountAsync(10);
        await AssertFitsAsync(phone, "feed on a phone");
        Assert.True(await BackgroundLuminanceAsync(phone) < 0.2, "the dark scheme's background is not dark");
        await phone.Locator("#feed .event").Filter(new() { HasText = "PostgresqlDown" }).First.ClickAsync();
        await Expect(phone.Locator("#detail")).ToBeVisibleAsync();
        await AssertFitsAsync(phone, "detail on a phone");
        Assert.Equal(0, (int)await phone.Locator("#detail").EvaluateAsync<double>("e => e.getBoundingClientRect().left"));
        await ShotAsync(phone, "console-phone-dark.png");
        await phone.Context.CloseAsync();

        // The docs show these pictures, and they are in the repository.
        var docs = File.ReadAllText(RepositoryPaths.Of("docs", "CONSOLE.md"));
        Assert.Contains("docs/images/console-feed.png", File.ReadAllText(RepositoryPaths.Of("README.md")), StringComparison.Ordinal);
        Assert.All(Pictures, picture =>
        {
            Assert.Contains($"images/{picture}", docs, StringComparison.Ordinal);
            Assert.True(File.Exists(RepositoryPaths.Of("docs", "images", picture)), $"docs/images/{picture} is missing: run with UPDATE_SCREENSHOTS=1");
        });
    }

    private async Task<IPage> SignInAsync(int width, int height, ColorScheme scheme)
    {
        var page = await fixture.Chromium.NewPageAsync(Host.BaseAddress, width, height, scheme);
        await page.GotoAsync("/ui/login");
        await page.GetByLabel("Admin token").FillAsync(ConsoleHost.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        return page;
    }

    private static async Task CorrectAsync(IPage page, string alertName)
    {
        await page.Locator("#feed .event").Filter(new() { HasText = alertName }).ClickAsync();
        var detail = page.Locator("#detail");
        await detail.GetByLabel("Category").SelectOptionAsync("infrastructure");
        await detail.GetByLabel("Note").FillAsync("the disk of a VM host, not an application volume");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await Expect(detail.Locator(".form-status")).ToContainTextAsync("Saved");
        await page.Keyboard.PressAsync("Escape");
    }

    private async Task PostWebhookAsync(string payload)
    {
        using var response = await Host.Http.PostAsync("/webhook", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Nothing wider than the viewport: a person on a phone never scrolls sideways.</summary>
    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (content, viewport) = (widths[0], widths[1]);
        Assert.True(content <= viewport, $"{what}: the page is {content}px wide in a {viewport}px viewport");
    }

    private static async Task<double> BackgroundLuminanceAsync(IPage page)
    {
        var rgb = await page.EvaluateAsync<int[]>(
            "() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)");
        return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = output });
        Assert.True(new FileInfo(output).Length > 10_000, $"{name} is nearly empty");
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
        {
            Directory.CreateDirectory(RepositoryPaths.Of("docs", "images"));
            File.Copy(output, RepositoryPaths.Of("docs", "images", name), overwrite: true);
        }
    }

    /// <summary>Five alerts of one outage in one namespace, in one Alertmanager notification.</summary>
    private static string StormPayload()
    {
        var now = DateTimeOffset.UtcNow;
        string Alert(string name, string severity, string extra, string summary, int secondsAgo) => JsonSerializer.Serialize(new
        {
            status = "firing",
            labels = new Dictionary<string, string>(ExtraLabels(extra))
            {
                ["cluster"] = "prod", ["alertname"] = name, ["severity"] = severity, ["namespace"] = "payments",
            },
            annotations = new Dictionary<string, string> { ["summary"] = summary },
            startsAt = now.AddSeconds(-secondsAgo).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            endsAt = "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus:9090/graph",
        });
        var alerts = new[]
        {
            Alert("PostgresqlDown", "critical", "service=postgres,job=postgres-exporter,instance=pg-0.payments:9187", "Postgresql instance pg-0 is down", 120),
            Alert("PostgresqlReplicationLag", "warning", "service=postgres,job=postgres-exporter,instance=pg-1.payments:9187", "Postgresql replica pg-1 is lagging behind the primary by 45s", 60),
            Alert("HttpErrorRateHigh", "critical", "service=ledger,job=ledger", "ledger answers 5xx to 12% of requests", 60),
            Alert("HttpLatencyP99High", "warning", "service=ledger,job=ledger", "ledger p99 latency is 4.2s", 30),
            Alert("HttpErrorRateHigh", "critical", "service=billing,job=billing", "billing answers 5xx to 12% of requests", 60),
        };
        return "{\"version\":\"4\",\"groupKey\":\"{}:{namespace=\\\"payments\\\"}\",\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"enrichment\","
            + "\"groupLabels\":{\"namespace\":\"payments\"},\"commonLabels\":{\"cluster\":\"prod\",\"namespace\":\"payments\"},\"commonAnnotations\":{},"
            + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[" + string.Join(",", alerts) + "]}";
    }

    private static IEnumerable<KeyValuePair<string, string>> ExtraLabels(string pairs) =>
        pairs.Split(',').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1]));
}
