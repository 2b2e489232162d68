using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Gateway;

/// <summary>Tokens read from files (Kubernetes secrets), enforced, and never written to any log — even at trace level.</summary>
public class SecretsInLogsTests
{
    [Fact]
    public async Task Tokens_from_files_guard_the_routes_and_no_secret_reaches_the_logs()
    {
        const string ingestToken = "ingest-3f9a1c7e-token", adminToken = "admin-77b2d9e0-token", llmKey = "sk-proj-SECRETKEY1234567890abcdef";
        var ingestFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(ingestFile, ingestToken + "\n");
        try
        {
            await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
            {
                ["GATEWAY_AUTH_TOKEN_FILE"] = ingestFile,
                ["ADMIN_AUTH_TOKEN"] = adminToken,
                ["LLM_API_KEY"] = llmKey,
                ["Logging__LogLevel__Default"] = "Trace",
                ["Logging__LogLevel__Microsoft"] = "Trace",
            });

            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(host, HttpMethod.Post, "/webhook", Alerts.Webhook(1), new("Bearer", "guess")));
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(host, HttpMethod.Post, "/webhook", Alerts.Webhook(1), new("Bearer", adminToken)));
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(host, HttpMethod.Post, "/webhook", Alerts.Webhook(1), new("Bearer", ingestToken)));
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(host, HttpMethod.Put, "/api/v1/enrichment/mode", """{"mode":"enriched"}""", new("Bearer", ingestToken)));
            Assert.Equal(HttpStatusCode.OK, await SendAsync(host, HttpMethod.Put, "/api/v1/enrichment/mode", """{"mode":"enriched"}""", new("Bearer", adminToken)));
            // Everything the requests set off has been logged once the accepted alert's event is out and the mode change is logged.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((host.StdoutLines.Count == 0 || !host.StderrLines.Any(l => l.Contains("Enrichment mode changed", StringComparison.Ordinal)))
                   && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.NotEmpty(host.StdoutLines);

            var everything = string.Join('\n', host.StderrLines.Concat(host.StdoutLines));
            Assert.NotEmpty(host.StderrLines);
            Assert.DoesNotContain(ingestToken, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(adminToken, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(llmKey, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRETKEY", await host.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ingestFile);
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HostProcess host, HttpMethod method, string path, string body, AuthenticationHeaderValue auth)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = auth;
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }
}
