using System.Diagnostics;
using Enrichment.Core.Classification;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;
using Polly.CircuitBreaker;

namespace Enrichment.Llm.Tests;

/// <summary>What each way a provider can fail does to retries, the circuit, and the alerts' answers.</summary>
public sealed class FailureMatrixTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;
    private readonly RecordingMetrics _metrics = new();

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(LlmProviders.OpenAICompatible)]
    [InlineData(LlmProviders.Anthropic)]
    [InlineData(LlmProviders.Ollama)]
    public async Task Server_error_is_retried_then_every_alert_degrades_to_error(string provider)
    {
        _fake.Responder = _ => FakeReply.Error(500);
        var classifier = Classifiers.Create(_fake, provider, o => o.MaxRetries = 2, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);

        Assert.Equal(3, _fake.Count); // first attempt + LLM_MAX_RETRIES
        Assert.All(answers, a => Assert.Equal(DegradedReason.Error, a.DegradedReason));
        Assert.Equal(3, _metrics.Count(LlmOutcome.Error));
    }

    [Fact]
    public async Task Rate_limit_waits_for_Retry_After_then_succeeds()
    {
        _fake.Responder = r => _fake.Count == 1 ? FakeReply.Error(429, retryAfter: "1") : FakeAnswers.Valid(r);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10), _metrics);

        var watch = Stopwatch.StartNew();
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.Equal(2, _fake.Count);
        // A 10 ms backoff would have retried at once; only Retry-After explains the wait.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}");
        Assert.All(answers, a => Assert.Equal(ClassificationSource.Llm, a.Classification?.Source));
        Assert.Equal(1, _metrics.Count(LlmOutcome.RateLimited));
    }

    [Fact]
    public async Task Rate_limit_longer_than_the_max_retry_delay_is_not_waited_for()
    {
        _fake.Responder = _ => FakeReply.Error(429, retryAfter: "3600");
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.Equal(1, _fake.Count);
        Assert.All(answers, a => Assert.Equal(DegradedReason.RateLimited, a.DegradedReason));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Client_errors_are_never_retried(int status)
    {
        _fake.Responder = _ => FakeReply.Error(status);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.StructuredOutput = false, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.Equal(1, _fake.Count);
        Assert.All(answers, a => Assert.Equal(DegradedReason.Error, a.DegradedReason));
        Assert.Equal(1, _metrics.Count(LlmOutcome.Rejected));
    }

    [Fact]
    public async Task A_rejected_schema_falls_back_to_plain_json_once_and_for_all()
    {
        _fake.Responder = r => r.Json.TryGetProperty("response_format", out _) ? FakeReply.Error(400) : FakeAnswers.Valid(r);
        var classifier = Classifiers.Create(_fake, LlmProviders.LmStudio, configure: null, _metrics);

        var first = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);
        var second = await classifier.ClassifyAsync(TestAlerts.Many(2, "Other"), CancellationToken.None);

        Assert.All(first.Concat(second), a => Assert.Equal(ClassificationSource.Llm, a.Classification?.Source));
        Assert.Equal(3, _fake.Count); // the rejected call, its plain retry, then plain from the start
    }

    [Fact]
    public async Task A_wrong_url_is_not_mistaken_for_a_rejected_schema()
    {
        _fake.Responder = r => _fake.Count == 1 ? FakeReply.Error(404) : FakeAnswers.Valid(r);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var first = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);
        await classifier.ClassifyAsync(TestAlerts.Many(2, "Other"), CancellationToken.None);

        Assert.All(first, a => Assert.Equal(DegradedReason.Error, a.DegradedReason));
        Assert.Equal(2, _fake.Count); // no plain-JSON retry after a 404
        Assert.True(_fake.Requests[1].Json.TryGetProperty("response_format", out _), "structured output was switched off by a 404");
    }

    [Fact]
    public async Task Timeout_is_retried_then_degrades_to_timeout()
    {
        _fake.Responder = _ => new FakeReply { Delay = TimeSpan.FromSeconds(10), ModelText = "{}" };
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1;
        }, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        // Two attempts timed out (on a loaded machine the second may time out before the fake even sees it).
        Assert.All(answers, a => Assert.Equal(DegradedReason.Timeout, a.DegradedReason));
        Assert.Equal(2, _metrics.Count(LlmOutcome.Timeout));
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_degrades_to_error()
    {
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o =>
        {
            o.BaseUrl = $"http://127.0.0.1:{HostProcess.FreePort()}/v1";
            o.MaxRetries = 2;
        }, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.All(answers, a => Assert.Equal(DegradedReason.Error, a.DegradedReason));
        Assert.Equal(3, _metrics.Count(LlmOutcome.Error));
    }

    [Fact]
    public async Task Malformed_body_is_invalid_output_without_retry()
    {
        _fake.Responder = _ => new FakeReply { RawBody = "<html>gateway says hi</html>" };
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.Equal(1, _fake.Count);
        Assert.All(answers, a => Assert.Equal(DegradedReason.InvalidOutput, a.DegradedReason));
    }

    [Fact]
    public async Task Partial_answer_fails_only_the_alerts_it_left_out()
    {
        _fake.Responder = _ => FakeReply.Text(FakeAnswers.Serialize(new System.Text.Json.Nodes.JsonObject
        {
            ["results"] = new System.Text.Json.Nodes.JsonArray(FakeAnswers.Item(1), FakeAnswers.Item(3), FakeAnswers.Item(9)),
        }));
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);

        Assert.Equal(ClassificationSource.Llm, answers[0].Classification?.Source);
        Assert.Equal(DegradedReason.InvalidOutput, answers[1].DegradedReason);
        Assert.Equal(ClassificationSource.Llm, answers[2].Classification?.Source);
    }

    [Fact]
    public async Task Answer_cut_off_mid_array_keeps_its_complete_items()
    {
        var full = FakeAnswers.ResultsFor(3);
        _fake.Responder = _ => FakeReply.Text("```json\n" + full[..(full.LastIndexOf("{\"id\":3", StringComparison.Ordinal) + 20)]);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);

        Assert.NotNull(answers[0].Classification);
        Assert.NotNull(answers[1].Classification);
        Assert.Equal(DegradedReason.InvalidOutput, answers[2].DegradedReason);
    }

    [Fact]
    public async Task Model_echoing_the_prompt_is_invalid_output_for_every_alert()
    {
        _fake.Responder = r => FakeReply.Text(r.Json.GetProperty("messages")[1].GetProperty("content").GetString()!);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);

        Assert.Equal(1, _fake.Count);
        Assert.All(answers, a => Assert.Equal(DegradedReason.InvalidOutput, a.DegradedReason));
        Assert.Equal(1, _metrics.Count(LlmOutcome.InvalidOutput));
    }

    [Fact]
    public async Task Null_content_is_invalid_output()
    {
        _fake.Responder = _ => new FakeReply { ModelText = null };
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);
        Assert.All(answers, a => Assert.Equal(DegradedReason.InvalidOutput, a.DegradedReason));
    }

    [Fact]
    public async Task Think_blocks_and_code_fences_are_tolerated()
    {
        _fake.Responder = r => FakeReply.Text("<think>the user wants JSON {not this}</think>\nSure! Here it is:\n```json\n" + FakeAnswers.ResultsFor(r.Alerts().Count) + "\n```");
        var classifier = Classifiers.Create(_fake, LlmProviders.Ollama, o => o.ApiKey = null, _metrics);
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);
        Assert.All(answers, a => Assert.Equal(ClassificationSource.Llm, a.Classification?.Source));
    }

    [Fact]
    public async Task Invalid_items_fail_alone()
    {
        var items = new System.Text.Json.Nodes.JsonArray(
            FakeAnswers.Item(1, confidence: 1.5),
            FakeAnswers.Item(2, category: "kitchen"),
            FakeAnswers.Item(3, severity: "apocalyptic"),
            FakeAnswers.Item(4));
        _fake.Responder = _ => FakeReply.Text(FakeAnswers.Serialize(new System.Text.Json.Nodes.JsonObject { ["results"] = items }));
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, configure: null, _metrics);

        var answers = await classifier.ClassifyAsync(TestAlerts.Many(4), CancellationToken.None);

        Assert.All(answers.Take(3), a => Assert.Equal(DegradedReason.InvalidOutput, a.DegradedReason));
        Assert.Equal(ClassificationSource.Llm, answers[3].Classification?.Source);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_model_cannot_call_an_alert_labelled_critical_noise_unless_allowed(bool protect)
    {
        _fake.Responder = r => FakeReply.Text(FakeAnswers.ResultsFor(r.Alerts().Count, severity: "noise"));
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.ProtectCritical = protect, _metrics);

        var answers = await classifier.ClassifyAsync([TestAlerts.Alert("DatabaseDown", "page"), TestAlerts.Alert("Flappy", "info")], CancellationToken.None);

        Assert.Equal(protect ? DegradedReason.InvalidOutput : null, answers[0].DegradedReason);
        Assert.Equal(Severity.Noise, answers[1].Classification?.Severity);
    }

    [Fact]
    public async Task Circuit_opens_after_a_handful_of_failures_then_a_probe_closes_it()
    {
        _fake.Responder = _ => FakeReply.Error(503);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o =>
        {
            o.MaxRetries = 0;
            o.CircuitFailureThreshold = 4;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(1);
        }, _metrics);

        for (var i = 0; i < 4; i++)
        {
            await classifier.ClassifyAsync([TestAlerts.Alert("A" + i)], CancellationToken.None);
        }
        Assert.Equal(CircuitState.Open, classifier.CircuitState.CircuitState);
        Assert.Equal(2, _metrics.LastCircuitState);
        var refused = await classifier.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);
        Assert.All(refused, a => Assert.Equal(DegradedReason.CircuitOpen, a.DegradedReason));
        Assert.Equal(4, _fake.Count); // refused calls never reach the provider
        Assert.Equal(1, _metrics.Count(LlmOutcome.CircuitOpen));

        _fake.Responder = FakeAnswers.Valid;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var recovered = await classifier.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.All(recovered, a => Assert.Equal(ClassificationSource.Llm, a.Classification?.Source));
        Assert.Equal(CircuitState.Closed, classifier.CircuitState.CircuitState);
        Assert.Equal([2, 1, 0], _metrics.CircuitStates.Skip(1).Distinct());
    }

    [Fact]
    public async Task Request_budget_answers_budget_exhausted_past_the_limit()
    {
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.MaxRequestsPerMinute = 2, _metrics);

        await classifier.ClassifyAsync([TestAlerts.Alert("A")], CancellationToken.None);
        await classifier.ClassifyAsync([TestAlerts.Alert("B")], CancellationToken.None);
        var third = await classifier.ClassifyAsync([TestAlerts.Alert("C")], CancellationToken.None);

        Assert.Equal(2, _fake.Count);
        Assert.Equal(DegradedReason.BudgetExhausted, Assert.Single(third).DegradedReason);
        Assert.Equal(1, _metrics.Count(LlmOutcome.BudgetExhausted));
    }

    [Fact]
    public async Task Token_budget_settles_to_reported_usage()
    {
        // The fake reports 165 tokens per call; a reservation is ~prompt/4 + the output cap (550 for one alert).
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.MaxTokensPerMinute = 3000, _metrics);

        var first = await classifier.ClassifyAsync([TestAlerts.Alert("A")], CancellationToken.None);
        Assert.Equal(165, classifier.Budget.Spent().Tokens);
        var big = await classifier.ClassifyAsync(TestAlerts.Many(20), CancellationToken.None);

        Assert.NotNull(first[0].Classification);
        Assert.All(big, a => Assert.Equal(DegradedReason.BudgetExhausted, a.DegradedReason));
        Assert.Equal(1, _fake.Count);
    }
}
