using System.Net;
using System.Text;
using Enrichment.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.WebConsole.Tests.Browser;

public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task A_storm_forms_an_incident_with_its_root_members_and_digest_and_the_feed_filters_by_it()
    {
        var page = await SignedInPageAsync();
        await ConsoleHost.SetModeAsync(Host, "enriched");
        await Host.WaitForModeAsync("enriched", TimeSpan.FromSeconds(10));

        // The PostgreSQL primary of one namespace goes down, and what depends on it follows, as Alertmanager groups it.
        using var accepted = await Host.Http.PostAsync("/webhook", new StringContent(DatabaseStorm(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await page.GetByLabel("Search").FillAsync("namespace=storm-db");
        await Expect(page.Locator("#feed .event")).ToHaveCountAsync(6);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Incidents" }).ClickAsync();
        var card = page.Locator("article.incident").Filter(new() { HasText = "PostgresqlDown" });
        await Expect(card).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(card.Locator(".tag.root")).ToHaveCountAsync(1);
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Root" })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("PostgresqlDown · pg-0.storm-db:9187");
        await Expect(card).ToContainTextAsync("6 alerts");
        await Expect(card.Locator(".members li")).ToHaveCountAsync(6);
        // The digest (the rules make one when no model is configured) says what happened and what to do first.
        await Expect(card.Locator("ol.steps li").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // From the incident to its alerts in the feed.
        await card.GetByRole(AriaRole.Button, new() { Name = "Show in the feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Feed" })).ToHaveAttributeAsync("aria-selected", "true");
        var members = page.Locator("#feed .event");
        await Expect(members).ToHaveCountAsync(6);
        await Expect(members.Filter(new() { HasText = "· root" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    /// <summary>Six alerts of one outage in one namespace, in one Alertmanager notification.</summary>
    private static string DatabaseStorm()
    {
        var now = DateTimeOffset.UtcNow;
        string Alert(string name, string severity, string extra, string summary, int secondsAgo) =>
            "{\"status\":\"firing\",\"labels\":{\"cluster\":\"prod\",\"alertname\":\"" + name + "\",\"severity\":\"" + severity
            + "\",\"namespace\":\"storm-db\"," + extra + "},\"annotations\":{\"summary\":\"" + summary + "\"},\"startsAt\":\""
            + now.AddSeconds(-secondsAgo).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus:9090/graph\"}";
        var alerts = new[]
        {
            Alert("PostgresqlDown", "critical", "\"service\":\"postgres\",\"job\":\"postgres-exporter\",\"instance\":\"pg-0.storm-db:9187\"", "Postgresql instance pg-0 is down", 120),
            Alert("PostgresqlReplicationLag", "warning", "\"service\":\"postgres\",\"job\":\"postgres-exporter\",\"instance\":\"pg-1.storm-db:9187\"", "Postgresql replica pg-1 is lagging behind the primary by 45s", 60),
            Alert("HttpErrorRateHigh", "critical", "\"service\":\"ledger\",\"job\":\"ledger\"", "ledger answers 5xx to 12% of requests", 60),
            Alert("HttpLatencyP99High", "warning", "\"service\":\"ledger\",\"job\":\"ledger\"", "ledger p99 latency is 4.2s", 30),
            Alert("HttpErrorRateHigh", "critical", "\"service\":\"billing\",\"job\":\"billing\"", "billing answers 5xx to 12% of requests", 60),
            Alert("HttpLatencyP99High", "warning", "\"service\":\"billing\",\"job\":\"billing\"", "billing p99 latency is 4.2s", 30),
        };
        return "{\"version\":\"4\",\"groupKey\":\"{}:{namespace=\\\"storm-db\\\"}\",\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"enrichment\","
            + "\"groupLabels\":{\"namespace\":\"storm-db\"},\"commonLabels\":{\"cluster\":\"prod\",\"namespace\":\"storm-db\"},\"commonAnnotations\":{},"
            + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[" + string.Join(",", alerts) + "]}";
    }
}
