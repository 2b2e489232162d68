using System.Globalization;
using System.Net;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Notifiers;

/// <summary>
/// The Slack notifier behind its own endpoint, with <c>NOTIFIER_DEDUP_WINDOW</c>: an HA pair's second
/// copy of a firing alert is suppressed and counted, its resolution still goes out.
/// </summary>
public class SlackNotifierWiringTests
{
    [Fact]
    public async Task A_duplicate_within_the_dedup_window_is_suppressed_and_the_resolution_still_delivered()
    {
        await using var slack = await WebhookSink.StartAsync();
        await using var factory = new EmbeddedFactory(new Dictionary<string, string?>
        {
            ["Notifier:SlackWebhookUrl"] = slack.Url.ToString(),
            ["Notifier:DedupWindow"] = "5m",
            // One message per alert (the default is one per incident change): what the dedup window applies to.
            ["Notifier:SlackMessages"] = "alert",
            ["Enrichment:Mode"] = "enriched",
        });
        using var http = factory.CreateClient();
        var suppressedBefore = await SuppressedAsync(http);

        // The same alert from both replicas of an HA pair, then its resolution.
        await PostAsync(http, Alerts.Webhook(1, offset: 7));
        await PostAsync(http, Alerts.Webhook(1, offset: 7));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((slack.Events.Count < 1 || await SuppressedAsync(http) < suppressedBefore + 1) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        await PostAsync(http, Alerts.Webhook(1, offset: 7, status: "resolved"));
        while (slack.Events.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(suppressedBefore + 1, await SuppressedAsync(http));
        var messages = slack.Events.ToList();
        Assert.Equal(2, messages.Count);
        Assert.StartsWith("FIRING: ", messages[0].GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("RESOLVED: ", messages[1].GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(":", messages[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static async Task PostAsync(HttpClient http, string webhook)
    {
        using var response = await http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<double> SuppressedAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l =>
            l.StartsWith("enrichment_notifications_total{", StringComparison.Ordinal) && l.Contains("notifier=\"slack\"", StringComparison.Ordinal)
            && l.Contains("outcome=\"suppressed\"", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
