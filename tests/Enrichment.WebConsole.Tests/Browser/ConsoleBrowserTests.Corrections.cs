using Enrichment.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.WebConsole.Tests.Browser;

public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task Correct_a_category_in_two_clicks_and_the_next_alert_of_that_signature_arrives_corrected()
    {
        var page = await SignedInPageAsync();
        await ConsoleHost.SetModeAsync(Host, "enriched");
        await Host.WaitForModeAsync("enriched", TimeSpan.FromSeconds(10));
        await ConsoleHost.PostAlertsAsync(Host, DiskAlert("web-3:9100"));
        var first = page.Locator("#feed .event").Filter(new() { HasText = "web-3:9100" });
        await Expect(first).ToContainTextAsync("storage");

        // Open it and say what it really is.
        await first.ClickAsync();
        var detail = page.Locator("#detail");
        await detail.GetByLabel("Category").SelectOptionAsync("infrastructure");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await Expect(detail.Locator(".form-status")).ToHaveTextAsync("Saved: later alerts of this signature get warning / infrastructure.");
        await Expect(page.Locator("#override-count")).ToHaveTextAsync("1");

        // The next alert of the signature (another host: the instance is not part of it) arrives with the correction, once
        // the worker applies it (within FEEDBACK_POLL_INTERVAL; readiness tells).
        await ConsoleHost.WaitForCorrectionsAsync(Host, 1);
        await ConsoleHost.PostAlertsAsync(Host, DiskAlert("web-4:9100"));
        var next = page.Locator("#feed .event").Filter(new() { HasText = "web-4:9100" });
        await Expect(next).ToContainTextAsync("infrastructure");
        await Expect(next).ToContainTextAsync("by override");
        await next.ClickAsync();
        await Expect(detail.Locator("dl.pairs").First).ToContainTextAsync("override");

        // In force, with what it replaced, who and when; then removed from the corrections view.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Corrections" }).ClickAsync();
        var row = page.Locator("#overrides tr").Filter(new() { HasText = "HostOutOfDiskSpace" });
        await Expect(row).ToContainTextAsync("infrastructure");
        await Expect(row).ToContainTextAsync("storage");
        await Expect(row).ToContainTextAsync("console");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove the correction of HostOutOfDiskSpace" }).ClickAsync();
        await Expect(page.Locator("#message")).ToHaveTextAsync("Correction of HostOutOfDiskSpace removed.");
        await Expect(page.Locator("#overrides-empty")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>One alert of a fixed signature: the instance is left out of signatures, so each host's alert shares it.</summary>
    private static string DiskAlert(string instance) =>
        "[{\"labels\":{\"alertname\":\"HostOutOfDiskSpace\",\"severity\":\"warning\",\"instance\":\"" + instance + "\",\"job\":\"node\"},"
        + "\"annotations\":{\"summary\":\"Host out of disk space\",\"description\":\"Disk is almost full (< 10% left)\"}}]";
}
