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

    [Theory]
    [InlineData("/webhook", "{not json", "$")]
    [InlineData("/webhook", "{\"alerts\":[{\"labels\":{\"alertname\":\"A\"}},{\"labels\":{\"severity\":2}}]}", "alerts[1].labels.severity")]
    [InlineData("/webhook", "{\"alerts\":[{\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"soon\"}]}", "alerts[0].startsAt")]
    [InlineData("/webhook", "{\"alerts\":[{\"labels\":{\"alertname\":\"A\"},\"status\":\"exploded\"}]}", "alerts[0].status")]
    [InlineData("/webhook", "{\"alerts\":[{\"labels\":{}}]}", "alerts[0].labels")]
    [InlineData("/api/v2/alerts", "{\"labels\":{\"a\":\"b\"}}", "$")]
    [InlineData("/api/v2/alerts", "[{\"labels\":{\"a\":\"b\"}},{\"annotations\":{}}]", "[1].labels")]
    public async Task Refuses_bad_payloads_with_problem_json_naming_the_field_and_publishes_nothing(string route, string body, string field)
    {
        var response = await _http.PostAsync(route, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A valid request after it goes through, and only its alert arrives: nothing of the bad one was published.
        var ok = await _http.PostAsync("/api/v2/alerts", Json("""[{"labels":{"alertname":"AfterBadRequest"}}]"""));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        await _sink.WaitForFingerprintsAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        var alert = Assert.Single(_sink.Events).GetProperty("alert");
        Assert.Equal("AfterBadRequest", alert.GetProperty("labels").GetProperty("alertname").GetString());
    }

    [Fact]
    public async Task Refuses_an_oversized_body_with_413()
    {
        var response = await _http.PostAsync("/webhook", Json(Alerts.Webhook(200)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_non_json_content_type_with_415()
    {
        var response = await _http.PostAsync("/webhook", new StringContent(Alerts.Webhook(1), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
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
