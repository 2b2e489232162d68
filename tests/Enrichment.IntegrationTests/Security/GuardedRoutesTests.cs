using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Security;

/// <summary>
/// The routes that spend the model or change what every alert looks like are guarded on the real executable:
/// <c>/api/v1/classify</c> by the ingest token, and admin routes, with <c>ADMIN_ALLOW_LOOPBACK=false</c>, not even
/// opened by loopback (behind a sidecar every request comes from there).
/// </summary>
public class GuardedRoutesTests
{
    private const string IngestToken = "ingest-token-5e1d";

    [Fact]
    public async Task Classify_needs_the_ingest_token_and_admin_routes_refuse_loopback_when_told_to()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["GATEWAY_AUTH_TOKEN"] = IngestToken,
            ["ADMIN_ALLOW_LOOPBACK"] = "false",
        });
        const string alerts = """[{"labels":{"alertname":"PostgresqlDown","severity":"critical"}}]""";

        using var anonymous = await SendAsync(host, HttpMethod.Post, "/api/v1/classify", alerts, token: null);
        using var wrong = await SendAsync(host, HttpMethod.Post, "/api/v1/classify", alerts, token: "guess");
        using var right = await SendAsync(host, HttpMethod.Post, "/api/v1/classify", alerts, token: IngestToken);
        using var modeFromLoopback = await SendAsync(host, HttpMethod.Put, "/api/v1/enrichment/mode", """{"mode":"enriched"}""", token: null);
        using var modeWithIngestToken = await SendAsync(host, HttpMethod.Put, "/api/v1/enrichment/mode", """{"mode":"enriched"}""", token: IngestToken);
        var mode = await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/enrichment/mode");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("GATEWAY_AUTH_TOKEN", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var result = (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("critical", result.GetProperty("classification").GetProperty("severity").GetString());

        // The request comes from 127.0.0.1, which would open admin routes by default.
        Assert.Equal(HttpStatusCode.Forbidden, modeFromLoopback.StatusCode);
        Assert.Contains("ADMIN_ALLOW_LOOPBACK=false", await modeFromLoopback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, modeWithIngestToken.StatusCode);
        Assert.Equal("transparent", mode.GetProperty("mode").GetString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HostProcess host, HttpMethod method, string path, string json, string? token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await host.Http.SendAsync(request);
    }
}
