using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.Core.History;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.IntegrationTests.Memory;

/// <summary>
/// The correction routes on the host: who may post (the feedback token opens nothing else), what a bad request is told,
/// what the overrides routes show and export, and that no token is ever stored or echoed.
/// </summary>
public sealed class FeedbackRoutesTests : IAsyncLifetime
{
    private const string FeedbackToken = "feedback-token-7c21e";
    private const string AdminToken = "admin-token-90fa4";

    private readonly string _tokenFile = Path.GetTempFileName();
    private EmbeddedFactory _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // The feedback token from a file, as a mounted secret gives it (with its trailing newline).
        await File.WriteAllTextAsync(_tokenFile, FeedbackToken + "\n");
        _host = new EmbeddedFactory(new Dictionary<string, string?>
        {
            ["Feedback:AuthTokenFile"] = _tokenFile,
            ["Admin:AuthToken"] = AdminToken,
            ["Enrichment:Mode"] = "enriched",
        });
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        File.Delete(_tokenFile);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await _http.SendAsync(request);
    }

    /// <summary>Posts one alert and waits until a worker has recorded its fingerprint (what a correction needs).</summary>
    private async Task<string> SeenAlertAsync(string alertname, string instance)
    {
        using var posted = await SendAsync(HttpMethod.Post, "/api/v2/alerts", null,
            $$$"""[{"labels":{"alertname":"{{{alertname}}}","severity":"critical","instance":"{{{instance}}}"},"annotations":{"summary":"{{{alertname}}} on {{{instance}}}"}}]""");
        Assert.True(posted.IsSuccessStatusCode, $"ingest answered {(int)posted.StatusCode}");
        var history = _host.Services.GetRequiredService<IAlertHistoryStore>();
        var fingerprint = Enrichment.Core.Alerts.AlertFingerprint.Compute(new Dictionary<string, string>
        {
            ["alertname"] = alertname, ["severity"] = "critical", ["instance"] = instance,
        });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await history.FindFingerprintAsync(fingerprint, default) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no worker recorded {fingerprint}");
            await Task.Delay(50);
        }
        return fingerprint;
    }

    [Fact]
    public async Task The_feedback_token_corrects_a_verdict_and_opens_nothing_else()
    {
        var fingerprint = await SeenAlertAsync("ProbeFailed", "edge-1");

        using var corrected = await SendAsync(HttpMethod.Post, "/api/v1/feedback", FeedbackToken,
            $$"""{"fingerprint":"{{fingerprint}}","severity":"info","note":"synthetic probe"}""");
        var body = await corrected.Content.ReadFromJsonAsync<JsonElement>();
        using var mode = await SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", FeedbackToken, """{"mode":"transparent"}""");
        using var list = await SendAsync(HttpMethod.Get, "/api/v1/overrides", FeedbackToken);
        using var delete = await SendAsync(HttpMethod.Delete, "/api/v1/overrides", FeedbackToken);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var stored = body.GetProperty("override");
        Assert.Equal("feedback-token", stored.GetProperty("by").GetString());
        Assert.Equal("info", stored.GetProperty("severity").GetString());
        Assert.Equal("info", stored.GetProperty("after").GetProperty("severity").GetString());
        Assert.Equal("critical", stored.GetProperty("before").GetProperty("severity").GetString());
        Assert.Equal("rules", stored.GetProperty("before").GetProperty("source").GetString());
        // The category was not corrected: it keeps the verdict's.
        Assert.Equal(stored.GetProperty("before").GetProperty("category").GetString(), stored.GetProperty("category").GetString());
        Assert.Equal("{{labels.instance}}", stored.GetProperty("alert").GetProperty("labels").GetProperty("instance").GetString());
        Assert.True(body.GetProperty("generation").GetInt64() >= 1);
        Assert.Equal(HttpStatusCode.Unauthorized, mode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.DoesNotContain(FeedbackToken, await corrected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_token_corrects_lists_exports_and_deletes()
    {
        var fingerprint = await SeenAlertAsync("QueueBacklog", "mq-1");
        using var corrected = await SendAsync(HttpMethod.Post, "/api/v1/feedback", AdminToken,
            $$"""{"fingerprint":"{{fingerprint}}","severity":"warning","category":"messaging"}""");
        var signature = (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("override").GetProperty("signature").GetString()!;

        using var list = await SendAsync(HttpMethod.Get, "/api/v1/overrides", AdminToken);
        using var one = await SendAsync(HttpMethod.Get, $"/api/v1/overrides/{signature}", AdminToken);
        using var export = await SendAsync(HttpMethod.Get, "/api/v1/overrides?format=jsonl", AdminToken);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var deleted = await SendAsync(HttpMethod.Delete, $"/api/v1/overrides/{signature}", AdminToken);
        using var gone = await SendAsync(HttpMethod.Get, $"/api/v1/overrides/{signature}", AdminToken);
        using var again = await SendAsync(HttpMethod.Delete, $"/api/v1/overrides/{signature}", AdminToken);

        Assert.Equal("admin-token", (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("by").GetString());
        Assert.Contains((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("overrides").EnumerateArray(),
            o => o.GetProperty("signature").GetString() == signature);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType!.MediaType);
        var line = Assert.Single(lines, l => l.GetProperty("signature").GetString() == signature);
        Assert.Equal(("warning", "messaging"), (line.GetProperty("severity").GetString(), line.GetProperty("category").GetString()));
        Assert.Equal("QueueBacklog", line.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(1, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_bad_request_the_answer_says_what_is_wrong()
    {
        using var anonymous = await SendAsync(HttpMethod.Post, "/api/v1/feedback", null, """{"fingerprint":"a","severity":"info"}""");
        using var wrong = await SendAsync(HttpMethod.Post, "/api/v1/feedback", "guess", """{"fingerprint":"a","severity":"info"}""");
        using var unknown = await SendAsync(HttpMethod.Post, "/api/v1/feedback", FeedbackToken, """{"fingerprint":"ffffffffffffffff","severity":"info"}""");
        using var badSeverity = await SendAsync(HttpMethod.Post, "/api/v1/feedback", FeedbackToken, """{"fingerprint":"a","severity":"sev1"}""");
        using var notJson = await SendAsync(HttpMethod.Post, "/api/v1/feedback", FeedbackToken, "severity=info", "application/x-www-form-urlencoded");
        using var broken = await SendAsync(HttpMethod.Post, "/api/v1/feedback", FeedbackToken, """{"fingerprint":""");
        using var format = await SendAsync(HttpMethod.Get, "/api/v1/overrides?format=csv", AdminToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("FEEDBACK_AUTH_TOKEN", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("fingerprint", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.StatusCode);
        Assert.Equal("severity", (await badSeverity.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
    }

    [Fact]
    public async Task With_no_token_set_and_loopback_refused_corrections_are_closed()
    {
        await using var closed = new EmbeddedFactory(new Dictionary<string, string?> { ["Admin:AllowLoopback"] = "false" });
        using var http = closed.CreateClient();

        using var response = await http.PostAsync("/api/v1/feedback", new StringContent("""{"fingerprint":"a","severity":"info"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("FEEDBACK_AUTH_TOKEN", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
