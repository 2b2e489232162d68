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
        // Alertmanager's own answer: 200, no body (amtool's generated client takes no other 2xx).
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        Assert.Empty(await v2.Content.ReadAsByteArrayAsync());
        await _sink.WaitForFingerprintsAsync(4, TimeSpan.FromSeconds(10));
        Assert.Equal(4, _sink.Fingerprints().Count);
    }

    /// <summary>
    /// The hostile and broken input matrix: every request gets a 4xx problem naming the problem (never a
    /// 5xx, which Alertmanager and Prometheus would retry forever), nothing of it is published, and the
    /// gateway keeps serving.
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
            { "non-string label value", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"severity":2}}]}"""), 400, "alerts[0].labels.severity" },
            { "null label value", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":null}}]}"""), 400, "alerts[0].labels.alertname" },
            { "duplicate label", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"a":"1","a":"2"}}]}"""), 400, "alerts[0].labels.a" },
            { "bad timestamp", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":"A"},"startsAt":"soon"}]}"""), 400, "alerts[0].startsAt" },
            { "unknown status", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"alertname":"A"},"status":"exploded"}]}"""), 400, "alerts[0].status" },
            { "empty labels", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{}}]}"""), 400, "alerts[0].labels" },
            { "missing labels", "/api/v2/alerts", "application/json", Utf8("""[{"annotations":{}}]"""), 400, "[0].labels" },
            { "only empty labels", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"alertname":""}}]"""), 400, "[0].labels" },
            { "invalid label name", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"alert-name":"A"}}]"""), 400, "[0].labels.alert-name" },
            { "invalid annotation name", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"a":"b"},"annotations":{"1st":"x"}}]}"""), 400, "alerts[0].annotations.1st" },
            { "endsAt before startsAt", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"b"},"startsAt":"2026-11-25T09:00:00Z","endsAt":"2026-11-25T08:00:00Z"}]"""), 400, "[0].endsAt" },
            { "timestamp without zone", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"b"},"startsAt":"2026-11-25T09:00:00"}]"""), 400, "[0].startsAt" },
            { "generatorURL not a URI", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"b"},"generatorURL":"graph?g0.expr=up"}]"""), 400, "[0].generatorURL" },
            { "lone surrogate in a value", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"\ud800"}}]"""), 400, "[0].labels.a" },
            { "lone surrogate in a name", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"\udfff":"x"}}]}"""), 400, "alerts[0].labels" },
            { "lone surrogate in a timestamp", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"b"},"startsAt":"\ud800"}]"""), 400, "[0].startsAt" },
            { "byte order mark", "/api/v2/alerts", "application/json", [0xEF, 0xBB, 0xBF, .. Utf8("""[{"labels":{"a":"b"}}]""")], 400, "$" },
            { "data after the JSON value", "/api/v2/alerts", "application/json", Utf8("""[{"labels":{"a":"b"}}] []"""), 400, "$" },
            { "JSON null instead of the array", "/api/v2/alerts", "application/json", Utf8("null"), 400, "$" },
            { "object instead of array", "/api/v2/alerts", "application/json", Utf8("""{"labels":{"a":"b"}}"""), 400, "$" },
            { "invalid UTF-8", "/webhook", "application/json", invalidUtf8, 400, "$" },
            { "deep nesting", "/webhook", "application/json", Utf8("""{"alerts":[{"labels":{"a":"b"},"x":""" + new string('[', 200) + new string(']', 200) + "}]}"), 400, "$" },
            { "too many alerts", "/api/v2/alerts", "application/json", Utf8(tooMany), 400, "$" },
            { "huge label value", "/webhook", "application/json", Utf8("{\"alerts\":[{\"labels\":{\"alertname\":\"" + hugeValue + "\"}}]}"), 400, "alerts[0].labels.alertname" },
            { "oversized body", "/webhook", "application/json", Utf8(Alerts.Webhook(200)), 413, "$" },
            { "wrong content type", "/webhook", "text/plain", Utf8(Alerts.Webhook(1)), 415, "Content-Type" },
            { "form post", "/api/v2/alerts", "application/x-www-form-urlencoded", Utf8("labels=a"), 415, "Content-Type" },
            { "a +json type", "/api/v2/alerts", "application/vnd.alerts+json", Utf8("""[{"labels":{"a":"b"}}]"""), 415, "Content-Type" },
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
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // The valid request is the marker: had the bad one published anything, it would have come first.
        await _sink.WaitForFingerprintsAsync(1, TimeSpan.FromSeconds(10));
        var alert = Assert.Single(_sink.Events).GetProperty("alert");
        Assert.Equal("AfterBadRequest", alert.GetProperty("labels").GetProperty("alertname").GetString());
    }

    [Fact]
    public async Task A_missing_or_malformed_content_type_is_refused_as_Alertmanager_refuses_it()
    {
        using var none = new ByteArrayContent(Encoding.UTF8.GetBytes("""[{"labels":{"a":"b"}}]"""));
        using var malformed = new ByteArrayContent(Encoding.UTF8.GetBytes("""[{"labels":{"a":"b"}}]"""));
        malformed.Headers.TryAddWithoutValidation("Content-Type", "application/json;;");
        using var withCharset = new ByteArrayContent(Encoding.UTF8.GetBytes("""[{"labels":{"alertname":"Charset"}}]"""));
        withCharset.Headers.TryAddWithoutValidation("Content-Type", "Application/JSON; charset=latin1");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _http.PostAsync("/api/v2/alerts", none)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/api/v2/alerts", malformed)).StatusCode);
        // Alertmanager looks at the media type only; so does the gateway.
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/api/v2/alerts", withCharset)).StatusCode);
        await _sink.WaitForFingerprintsAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("Charset", Assert.Single(_sink.Events).GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString());
    }

    [Theory]
    [InlineData("/api/v2/alerts", "[{0}]", "[")]
    [InlineData("/webhook", "{{\"alerts\":[{0}]}}", "alerts[")]
    public async Task Publishes_the_valid_alerts_of_a_request_and_names_each_invalid_one(string route, string envelope, string prefix)
    {
        var alerts = string.Join(",",
            """{"labels":{"alertname":"Good1"}}""",
            """{"labels":{"alertname":"Bad","bad-name":"x"}}""",
            """{"labels":{"alertname":"Good2","empty":""}}""",
            """{"labels":{"alertname":"Bad2"},"startsAt":"2026-11-25T09:00:00Z","endsAt":"2026-11-25T08:00:00Z"}""",
            """{"labels":{"alertname":"Good3"},"status":"firing"}""");

        var response = await _http.PostAsync(route, Json(string.Format(System.Globalization.CultureInfo.InvariantCulture, envelope, alerts)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, problem.GetProperty("accepted").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([1, 3], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal([prefix + "1].labels.bad-name", prefix + "3].endsAt"], errors.Select(e => e.GetProperty("field").GetString()));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("detail").GetString())));

        await _sink.WaitForFingerprintsAsync(3, TimeSpan.FromSeconds(10));
        var marker = await _http.PostAsync("/api/v2/alerts", Json("""[{"labels":{"alertname":"Marker"}}]"""));
        Assert.Equal(HttpStatusCode.OK, marker.StatusCode);
        await _sink.WaitForFingerprintsAsync(4, TimeSpan.FromSeconds(10));
        var names = _sink.Events.Select(e => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString()!).Order().ToArray();
        Assert.Equal(["Good1", "Good2", "Good3", "Marker"], names);
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
