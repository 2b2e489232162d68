using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>The bits of Alertmanager's API v2 the topology tests use.</summary>
public static class AlertmanagerApi
{
    /// <summary>Posts alerts the way Prometheus does (<c>POST /api/v2/alerts</c>).</summary>
    public static async Task PostAlertsAsync(HttpClient alertmanager, JsonArray alerts)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        ArgumentNullException.ThrowIfNull(alerts);
        using var content = new StringContent(alerts.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await alertmanager.PostAsync("/api/v2/alerts", content);
        Assert.True(response.IsSuccessStatusCode, $"Alertmanager refused the alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Active (not resolved) alerts matching one label, as <c>GET /api/v2/alerts</c> lists them.</summary>
    public static async Task<JsonElement[]> ActiveAlertsAsync(HttpClient alertmanager, string label, string value)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        var filter = WebUtility.UrlEncode($"{label}=\"{value}\"");
        var alerts = await alertmanager.GetFromJsonAsync<JsonElement[]>($"/api/v2/alerts?filter={filter}");
        return alerts ?? [];
    }

    /// <summary>Polls until <paramref name="done"/> holds for the matching alerts, or the timeout passes; returns the last answer.</summary>
    public static async Task<JsonElement[]> WaitForAsync(HttpClient alertmanager, string label, string value, Func<JsonElement[], bool> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        var alerts = await ActiveAlertsAsync(alertmanager, label, value);
        while (!done(alerts) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            alerts = await ActiveAlertsAsync(alertmanager, label, value);
        }
        return alerts;
    }

    public static Dictionary<string, string> Map(JsonElement alert, string property) =>
        alert.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    public static string Receiver(JsonElement alert) => alert.GetProperty("receivers")[0].GetProperty("name").GetString()!;
}
