using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Gateway;

/// <summary>The gateway's answers, as the contract lists them, on the embedded host with a real webhook sink.</summary>
public class IngestValidationTests : IAsyncLifetime
{
    private WebhookSink _sink = null!;
    private EmbeddedFactory _factory = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _sink = await WebhookSink.StartAsync();
        _factory = new EmbeddedFactory(new Dictionary<string, string?>
        {
            ["Notifier:WebhookUrls"] = _sink.Url.ToString(),
            ["Gateway:MaxBodyBytes"] = "65536",
            ["Gateway:MaxAlertsPerRequest"] = "100",
            ["Enrichment:Mode"] = "enriched",
        });
        _http = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Accepts_a_webhook_and_an_api_v2_post_and_delivers_every_alert()
    {
        var webhook = await _http.PostAsync("/webhook", Json(Alerts.Webhook(3)));
        var v2 = await _http.PostAsync("/api/v2/alerts", Json("""[{"labels":{"alertname":"RedisDown","severity":"critical"}}]"""));

        Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
        Assert.Equal(3, (await webhook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, v2.StatusCode);
        await _sink.WaitForFingerprintsAsync(4, TimeSpan.FromSeconds(10));
        Assert.Equal(4, _sink.Fingerprints().Count);
    }

    /// <summary>
    /// The hostile and broken input matrix: every request gets a 4xx problem naming the problem,
    /// nothing of it is published, and the gateway keeps serving.
    /// </summary>
    public static TheoryData<string, string, string, byte[], int, string> HostileInputs()
    {
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        var invalidUtf8 = Utf8("""{"alerts":[{"labels":{"alertname":"A\u0000","x":"__"}}]}""");
        invalidUtf8[Array.IndexOf(invalidUtf8, (byte)'_')] = 0xFF;
        var hugeValue = new string('x', 17 * 1024);
        var tooMany = "[" + string.Join(",", Enumerable.Range(0, 101).Select(i => "{\"labels\":{\"alertname\":\"A" + i + "\"}}")) + "]";
        return new TheoryData<string, string, string, byte[], int, string>
        {
            { "not JSON", "/webhook", "application/json", Utf8("{not json"), 400, "$" },
            { "truncated", "/webhook", "application/json", Utf8(Alerts.Webhook(2)[..100]), 400, "$" },
            { "empty body", "/webhook", "application/json", [], 400, "$" },
            { "JSON null", "/webhook", "application/json", Utf8("null"), 400, "$" },
            { "alerts of the wrong type", "/webhook", "application/json", Utf8("""{"alerts":"all of them"}"""), 400, "alerts" },
            { "alert of the wrong type", "/webhook", "application/json", Utf8("""{"alerts":[true]}"""), 400, "alerts[0]" },
            { "non-string label value", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":"A"}},{"labels":{"severity":2}}]}"""), 400, "alerts[1].labels.severity" },
            { "null label value", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":null}}]}"""), 400, "alerts[0].labels.alertname" },
            { "duplicate label", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"a":"1","a":"2"}}]}"""), 400, "alerts[0].labels.a" },
            { "bad timestamp", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":"A"},"startsAt":"soon"}]}"""), 400, "alerts[0].startsAt" },
            { "unknown status", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":"A"},"status":"exploded"}]}"""), 400, "alerts[0].status" },
            { "empty labels", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{}}]}"""), 400, "alerts[0].labels" },
            { "missing labels", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"b"}},{"annotations":{}}]"""), 400, "[1].labels" },
            { "object instead of array", "/api/v2/alerts", "application/json", Utf8("""{"labels":{"a":"b"}}"""), 400, "$" },
            { "invalid UTF-8", "/webhook", "application/json", invalidUtf8, 400, "$" },
            { "deep nesting", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"a":"b"},"x":""" + new string('[', 200) + new string(']', 200) + "}]}"), 400, "$" },
            { "too many alerts", "/api/v2/alerts", "application/json", Utf8(tooMany), 400, "$" },
            { "huge label value", "/webhook", "application/json", Utf8("{\"alerts\":[{\"labels\":{\"alertname\":\"" + hugeValue + "\"}}]}"), 400, "alerts[0].labels.alertname" },
            { "oversized body", "/webhook", "application/json", Utf8(Alerts.Webhook(200)), 413, "$" },
            { "wrong content type", "/webhook", "text/plain", Utf8(Alerts.Webhook(1)), 415, "Content-Type" },
            { "form post", "/api/v2/alerts", "application/x-www-form-urlencoded", Utf8("labels=a"), 415, "Content-Type" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task Refuses_hostile_input_with_a_problem_naming_it_and_publishes_nothing(string name, string route, string contentType, byte[] body, int status, string field)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await _http.PostAsync(route, content);

        Assert.True((int)response.StatusCode == status, $"{name}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A valid request after it goes through, and only its alert arrives: nothing of the bad one was published.
        var ok = await _http.PostAsync("/api/v2/alerts", Json("""[{"labels":{"alertname":"AfterBadRequest"}}]"""));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        // The valid request is the marker: had the bad one published anything, it would have come first.
        await _sink.WaitForFingerprintsAsync(1, TimeSpan.FromSeconds(10));
        var alert = Assert.Single(_sink.Events).GetProperty("alert");
        Assert.Equal("AfterBadRequest", alert.GetProperty("labels").GetProperty("alertname").GetString());
    }

    [Fact]
    public async Task Mode_admin_refuses_unknown_modes()
    {
        var response = await _http.PutAsync("/api/v1/enrichment/mode", Json("""{"mode":"smart"}"""));
        var current = await _http.GetFromJsonAsync<JsonElement>("/api/v1/enrichment/mode");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("enriched", current.GetProperty("mode").GetString());
        Assert.Equal("env", current.GetProperty("source").GetString());
    }
}

/// <summary>With tokens configured, nobody without the right one ingests or changes the mode.</summary>
public class AuthenticationTests : IAsyncLifetime
{
    private EmbeddedFactory _factory = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _factory = new EmbeddedFactory(new Dictionary<string, string?>
        {
            ["Gateway:AuthToken"] = "ingest-secret",
            ["Admin:AuthToken"] = "admin-secret",
        });
        _http = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string body, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = auth;
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Ingest_needs_the_ingest_token_as_bearer_or_basic_auth_password()
    {
        var body = Alerts.Webhook(1);

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Post, "/webhook", body, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Post, "/webhook", body, new("Bearer", "wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Post, "/webhook", body, new("Bearer", "admin-secret")));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(HttpMethod.Post, "/webhook", body, new("Bearer", "ingest-secret")));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("alertmanager:ingest-secret"));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(HttpMethod.Post, "/webhook", body, new("Basic", basic)));
    }

    [Fact]
    public async Task Mode_changes_need_the_admin_token()
    {
        const string body = """{"mode":"enriched"}""";

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", body, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", body, new("Bearer", "ingest-secret")));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Put, "/api/v1/enrichment/mode", body, new("Bearer", "admin-secret")));
    }

    [Fact]
    public async Task Health_and_metrics_stay_open()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/metrics")).StatusCode);
    }
}
