using Microsoft.Playwright;

namespace Enrichment.WebConsole.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (<c>apt-get install chromium</c>, which scripts/test.sh does), driven by Playwright: the browsers
/// Playwright would download cannot be fetched here. <c>TEST_CHROMIUM</c> names another binary.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Executable =>
        Environment.GetEnvironmentVariable("TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"No chromium at {Executable}: run `apt-get install chromium` (scripts/test.sh does) or set TEST_CHROMIUM.");
        }
        _playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh profile of its own; the switches keep chromium off the network and quiet.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh context (cookies of its own) at 1280×800 unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
