using System.Text.Json;
using Enrichment.Core.Classification;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>Each provider's real SDK against a server speaking that provider's wire protocol.</summary>
public sealed class ProviderProtocolTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(LlmProviders.OpenAI, "/v1/chat/completions")]
    [InlineData(LlmProviders.LmStudio, "/v1/chat/completions")]
    [InlineData(LlmProviders.OpenAICompatible, "/v1/chat/completions")]
    [InlineData(LlmProviders.Google, "/v1beta/openai/chat/completions")]
    public async Task OpenAI_family_sends_bearer_key_model_schema_and_token_limit(string provider, string path)
    {
        var classifier = Classifiers.Create(_fake, provider, o => o.Model = "model-" + provider);
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(path, request.Path);
        Assert.Equal("Bearer " + Classifiers.Key, request.Header("Authorization"));
        var body = request.Json;
        Assert.Equal("model-" + provider, body.GetProperty("model").GetString());
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        AssertAnswerSchema(format.GetProperty("json_schema").GetProperty("schema"));
        Assert.Equal(200 + (350 * 3), body.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(3, request.Alerts().Count);
        AssertAllAnswered(answers, 3, provider, "model-" + provider);
        Assert.Equal($"{provider}/model-{provider}/p2/{LlmCacheNamespace.EndpointId(new Uri(Classifiers.BaseUrlFor(_fake, provider)))}", classifier.CacheNamespace);
    }

    [Fact]
    public async Task Anthropic_sends_messages_with_version_header_key_and_max_tokens()
    {
        var classifier = Classifiers.Create(_fake, LlmProviders.Anthropic);
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.False(string.IsNullOrEmpty(request.Header("anthropic-version")));
        Assert.Equal("Bearer " + Classifiers.Key, request.Header("Authorization"));
        var body = request.Json;
        Assert.Equal("claude-haiku-4-5", body.GetProperty("model").GetString());
        Assert.Equal(200 + (350 * 2), body.GetProperty("max_tokens").GetInt32());
        Assert.Contains("untrusted", body.GetProperty("system").ToString(), StringComparison.Ordinal);
        Assert.Equal(2, request.Alerts().Count);
        AssertAllAnswered(answers, 2, LlmProviders.Anthropic, "claude-haiku-4-5");
    }

    [Fact]
    public async Task Anthropic_gateway_mode_sends_the_key_as_x_api_key_only()
    {
        var classifier = Classifiers.Create(_fake, LlmProviders.Anthropic, o => o.AnthropicAuth = "x-api-key");
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(1), CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(Classifiers.Key, request.Header("x-api-key"));
        Assert.Null(request.Header("Authorization"));
        AssertAllAnswered(answers, 1, LlmProviders.Anthropic, "claude-haiku-4-5");
    }

    [Fact]
    public async Task Ollama_uses_native_chat_with_schema_format_and_num_predict()
    {
        var classifier = Classifiers.Create(_fake, LlmProviders.Ollama, o => o.ApiKey = null);
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(4), CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/api/chat", request.Path);
        Assert.Null(request.Header("Authorization"));
        var body = request.Json;
        Assert.Equal("llama3.1", body.GetProperty("model").GetString());
        AssertAnswerSchema(body.GetProperty("format"));
        Assert.Equal(200 + (350 * 4), body.GetProperty("options").GetProperty("num_predict").GetInt32());
        AssertAllAnswered(answers, 4, LlmProviders.Ollama, "llama3.1");
    }

    [Fact]
    public async Task Token_usage_is_counted_per_direction()
    {
        var metrics = new RecordingMetrics();
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAI, metrics: metrics);
        await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);
        Assert.Contains(("input", 120L), metrics.Tokens);
        Assert.Contains(("output", 45L), metrics.Tokens);
        Assert.Equal(1, metrics.Count(LlmOutcome.Success));
    }

    [Fact]
    public async Task Alerts_beyond_K_go_in_further_prompts_numbered_from_1()
    {
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAI, o => o.MaxAlertsPerPrompt = 4);
        var alerts = TestAlerts.Many(10);
        var answers = await classifier.ClassifyAsync(alerts, CancellationToken.None);

        Assert.Equal(3, _fake.Count);
        Assert.Equal([4, 4, 2], _fake.Requests.Select(r => r.Alerts().Count).Order().Reverse());
        Assert.All(_fake.Requests, r => Assert.Equal(Enumerable.Range(1, r.Alerts().Count), r.Alerts().Select(a => a.GetProperty("id").GetInt32())));
        AssertAllAnswered(answers, 10, LlmProviders.OpenAI, "gpt-4o-mini");
        // Each alert got its own prompt's answer: the alert names sent to the model cover all ten.
        var sent = _fake.Requests.SelectMany(r => r.Alerts()).Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!).ToHashSet();
        Assert.Equal(alerts.Select(a => a.Labels["alertname"]).ToHashSet(), sent);
    }

    private static void AssertAnswerSchema(JsonElement schema)
    {
        var item = schema.GetProperty("properties").GetProperty("results").GetProperty("items");
        var severities = item.GetProperty("properties").GetProperty("severity").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["critical", "warning", "info", "noise"], severities);
        Assert.Equal(10, item.GetProperty("properties").GetProperty("category").GetProperty("enum").GetArrayLength());
    }

    private static void AssertAllAnswered(IReadOnlyList<ClassifierAnswer> answers, int count, string provider, string model)
    {
        Assert.Equal(count, answers.Count);
        Assert.All(answers, a =>
        {
            var c = Assert.IsType<AlertClassification>(a.Classification);
            Assert.Null(a.DegradedReason);
            Assert.Equal(ClassificationSource.Llm, c.Source);
            Assert.Equal(provider, c.Provider);
            Assert.Equal(model, c.Model);
            Assert.Equal(Severity.Warning, c.Severity);
            Assert.Equal(AlertCategory.Database, c.Category);
            Assert.Equal(0.8, c.Confidence);
        });
    }
}
