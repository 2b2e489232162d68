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
