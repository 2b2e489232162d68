using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.WebConsole.Tests.Infrastructure;

/// <summary>The real executable for console tests, with helpers to post alerts as Alertmanager and Prometheus would.</summary>
public static class ConsoleHost
{
    public const string AdminToken = "console-admin-7f3a9c";

    /// <summary>Every role in one process on the in-memory transport, as <c>dotnet run</c> starts it, with an admin token.</summary>
    public static Task<HostProcess> StartEmbeddedAsync(params (string Key, string Value)[] extra) =>
        HostProcess.StartAsync(Env.With(new Dictionary<string, string> { ["ADMIN_AUTH_TOKEN"] = AdminToken, ["NOTIFIER_CONSOLE"] = "false" }, extra));

    public static async Task PostAlertsAsync(HostProcess host, string alertsJson)
    {
        using var response = await host.Http.PostAsync("/api/v2/alerts", new StringContent(alertsJson, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/v2/alerts answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Waits until the host's worker applies <paramref name="count"/> corrections (its readiness reports them).</summary>
    public static async Task WaitForCorrectionsAsync(HostProcess host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await host.Http.GetStringAsync("/health/ready");
            using var body = System.Text.Json.JsonDocument.Parse(last);
            if (body.RootElement.TryGetProperty("overrides", out var overrides) && overrides.ValueKind == System.Text.Json.JsonValueKind.Object
                && overrides.GetProperty("count").GetInt32() == count)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"the worker did not apply {count} corrections; readiness said {last}");
    }

    public static async Task SetModeAsync(HostProcess host, string mode)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/enrichment/mode")
        {
            Content = new StringContent($$"""{"mode":"{{mode}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await host.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
