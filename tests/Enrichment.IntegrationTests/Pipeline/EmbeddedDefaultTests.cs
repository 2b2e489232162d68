using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Pipeline;

/// <summary>
/// The README's first experience: the real executable with nothing configured — in-memory transport,
/// rule-based classifier, console notifier on stdout.
/// </summary>
public class EmbeddedDefaultTests
{
    private static readonly string[] Categories =
        ["infrastructure", "orchestration", "database", "messaging", "network", "security", "storage", "application", "observability", "cicd"];

    [Fact]
    public async Task Five_alerts_come_out_as_five_json_lines_then_classified_after_switching_to_enriched()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>());
        var webhook = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "alerts", "webhook-five-alerts.json"));

        var accepted = await host.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(5, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var transparent = await WaitForLinesAsync(host, 5);
        Assert.All(transparent, e =>
        {
            Assert.Equal("transparent", e.GetProperty("mode").GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("classification").ValueKind);
        });
        Assert.Contains(transparent, e => e.GetProperty("alert").GetProperty("fingerprint").GetString() == "6a1c2f0e9d3b4a51");

        var put = await host.Http.PutAsync("/api/v1/enrichment/mode", new StringContent("""{"mode":"enriched"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var mode = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("enriched", mode.GetProperty("mode").GetString());
        Assert.Equal("memory", mode.GetProperty("source").GetString());

        await host.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        var enriched = (await WaitForLinesAsync(host, 10)).Skip(5).ToList();
        Assert.All(enriched, e =>
        {
            Assert.Equal("enriched", e.GetProperty("mode").GetString());
            var classification = e.GetProperty("classification");
            Assert.Equal("rules", classification.GetProperty("source").GetString());
            Assert.Equal("llm_disabled", classification.GetProperty("degradedReason").GetString());
            Assert.Contains(classification.GetProperty("category").GetString(), Categories);
            Assert.Contains(classification.GetProperty("severity").GetString(), new[] { "critical", "warning", "info", "noise" });
        });
        var disk = enriched.Single(e => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString() == "HostOutOfDiskSpace");
        Assert.Equal("critical", disk.GetProperty("classification").GetProperty("severity").GetString()); // "page" normalised
        Assert.Equal("storage", disk.GetProperty("classification").GetProperty("category").GetString());

        // stdout carries nothing but the events; the logs went to stderr.
        Assert.All(host.StdoutLines, line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(host.StderrLines, line => line.Contains("Enrichment mode changed", StringComparison.Ordinal));
    }

    private static async Task<List<JsonElement>> WaitForLinesAsync(HostProcess host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (host.AlertEventLines.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(host.AlertEventLines.Count >= count, $"expected {count} events on stdout, saw {host.AlertEventLines.Count}");
        return host.AlertEventLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
