using Enrichment.Core.Classification;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;

namespace Enrichment.Llm.Tests;

/// <summary>
/// The chain of models, hop by hop, each model a fake speaking its provider's wire protocol to the real SDK: a cloud
/// model (OpenAI), a second cloud (Anthropic), a local one (Ollama). Who answers, why, with whose key, at what cost.
/// </summary>
public sealed class ChainTests : IAsyncLifetime
{
    private readonly RecordingMetrics _metrics = new();
    private FakeProvider _cloud = null!;
    private FakeProvider _second = null!;
    private FakeProvider _local = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeProvider.StartAsync();
        _second = await FakeProvider.StartAsync();
        _local = await FakeProvider.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        await _second.DisposeAsync();
        await _local.DisposeAsync();
    }

    [Theory]
    [InlineData(0, LlmProviders.OpenAI)]
    [InlineData(1, LlmProviders.Anthropic)]
    [InlineData(2, LlmProviders.Ollama)]
    [InlineData(3, null)]
    public async Task Each_hop_answers_what_the_ones_before_it_could_not(int failing, string? answering)
    {
        var fakes = new[] { _cloud, _second, _local };
        for (var i = 0; i < fakes.Length; i++)
        {
            fakes[i].Responder = i < failing ? _ => FakeReply.Error(500) : FakeAnswers.Valid;
        }
        var chain = ThreeHops();

        var answers = await chain.ClassifyAsync(TestAlerts.Many(3), CancellationToken.None);

        Assert.All(answers, a =>
        {
            Assert.Equal(answering, a.Classification?.Provider);
            // Why the primary did not answer, whoever did instead; nothing when it did.
            Assert.Equal(failing == 0 ? null : DegradedReason.Error, a.Classification?.DegradedReason ?? a.DegradedReason);
        });
        if (answering is not null)
        {
            Assert.All(answers, a => Assert.Equal(ClassificationSource.Llm, a.Classification!.Source));
        }
        // Each model was asked once (retries are off here), and only while the ones before it failed.
        Assert.Equal([1, failing >= 1 ? 1 : 0, failing >= 2 ? 1 : 0], fakes.Select(f => f.Count));
        Assert.All(_cloud.Requests, r => Assert.Equal("/v1/chat/completions", r.Path));
        Assert.All(_second.Requests, r => Assert.Equal("/v1/messages", r.Path));
        Assert.All(_local.Requests, r => Assert.Equal("/api/chat", r.Path));
        AssertEachServerSawOnlyItsOwnKey();
    }

    [Theory]
    [InlineData("server_error", DegradedReason.Error)]
    [InlineData("timeout", DegradedReason.Timeout)]
    [InlineData("rate_limited", DegradedReason.RateLimited)]
    [InlineData("circuit_open", DegradedReason.CircuitOpen)]
    [InlineData("request_budget", DegradedReason.BudgetExhausted)]
    [InlineData("money_budget", DegradedReason.BudgetExhausted)]
    public async Task However_the_primary_fails_the_fallback_answers_and_the_event_says_why(string failure, string reason)
    {
        var primary = Model(_cloud, LlmProviders.OpenAI, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.CircuitFailureThreshold = 2;
            o.CircuitBreakDuration = TimeSpan.FromMinutes(10);
            (o.PriceInputPer1k, o.PriceOutputPer1k) = (0.01, 0.03);
            if (failure == "request_budget")
            {
                o.MaxRequestsPerMinute = 1;
            }
            if (failure == "money_budget")
            {
                o.MaxCostPerHour = 0.03; // one call's worth of reserved output (550 tokens at 0.03 per 1k) and a little
            }
        });
        var chain = new LlmChain([primary, Model(_local, LlmProviders.Ollama)], NullLogger<LlmChain>.Instance);
        _cloud.Responder = failure switch
        {
            "server_error" => _ => FakeReply.Error(500),
            "timeout" => _ => new FakeReply { Delay = TimeSpan.FromSeconds(10), ModelText = "{}" },
            "rate_limited" => _ => FakeReply.Error(429, retryAfter: "3600"),
            "circuit_open" => _ => FakeReply.Error(503),
            _ => r => FakeAnswers.Valid(r) with { InputTokens = 500, OutputTokens = 400 },
        };
        if (failure is "circuit_open" or "request_budget" or "money_budget")
        {
            // Spend what there is to spend, or fail often enough to open the circuit.
            await chain.ClassifyAsync([TestAlerts.Alert("Spend1")], CancellationToken.None);
            await chain.ClassifyAsync([TestAlerts.Alert("Spend2")], CancellationToken.None);
        }
        var calls = _cloud.Count;

        var answers = await chain.ClassifyAsync(TestAlerts.Many(2), CancellationToken.None);

        Assert.All(answers, a =>
        {
            Assert.Equal(LlmProviders.Ollama, a.Classification?.Provider);
            Assert.Equal(reason, a.Classification?.DegradedReason);
        });
        if (failure is "circuit_open" or "request_budget" or "money_budget")
        {
            Assert.Equal(calls, _cloud.Count); // refused before any call
        }
        if (failure == "circuit_open")
        {
            Assert.Equal(CircuitState.Open, primary.CircuitState.CircuitState);
            Assert.Equal(CircuitState.Closed, chain.Models[1].CircuitState.CircuitState);
        }
    }

    [Fact]
    public async Task Only_the_alerts_the_primary_answered_invalidly_go_to_the_fallback()
    {
        _cloud.Responder = _ => FakeReply.Text(FakeAnswers.Serialize(new System.Text.Json.Nodes.JsonObject
        {
            ["results"] = new System.Text.Json.Nodes.JsonArray(FakeAnswers.Item(1), FakeAnswers.Item(2, category: "kitchen"), FakeAnswers.Item(3)),
        }));
        var chain = new LlmChain([Model(_cloud, LlmProviders.OpenAI), Model(_local, LlmProviders.Ollama)], NullLogger<LlmChain>.Instance);

        var alerts = TestAlerts.Many(3);
        var answers = await chain.ClassifyAsync(alerts, CancellationToken.None);

        Assert.Equal([LlmProviders.OpenAI, LlmProviders.Ollama, LlmProviders.OpenAI], answers.Select(a => a.Classification?.Provider));
        Assert.Equal([null, DegradedReason.InvalidOutput, null], answers.Select(a => a.Classification?.DegradedReason));
        var asked = Assert.Single(_local.Requests).Alerts();
        Assert.Equal("Alert2", Assert.Single(asked).GetProperty("labels").GetProperty("alertname").GetString());
    }

    [Fact]
    public async Task A_fallback_spends_its_own_budget_and_then_the_primarys_reason_goes_to_the_rules()
    {
        _cloud.Responder = _ => FakeReply.Error(500);
        var chain = new LlmChain([Model(_cloud, LlmProviders.OpenAI), Model(_local, LlmProviders.Ollama, o => o.MaxRequestsPerMinute = 1)],
            NullLogger<LlmChain>.Instance);

        var first = await chain.ClassifyAsync([TestAlerts.Alert("First")], CancellationToken.None);
        var second = await chain.ClassifyAsync([TestAlerts.Alert("Second")], CancellationToken.None);

        Assert.Equal(LlmProviders.Ollama, first[0].Classification?.Provider);
        Assert.Null(second[0].Classification);
        Assert.Equal(DegradedReason.Error, second[0].DegradedReason); // the primary's, not the fallback's budget_exhausted
        Assert.Equal(1, _local.Count);
        Assert.Equal(1, _metrics.Count(LlmProviders.Ollama, LlmOutcome.BudgetExhausted));
        Assert.Equal(0, _metrics.Count(LlmProviders.OpenAI, LlmOutcome.BudgetExhausted));
    }

    [Fact]
    public async Task The_cost_metric_is_each_providers_reported_tokens_at_its_own_prices()
    {
        // Usage that differs per call, so that only really reading the answers' usage adds up.
        _cloud.Responder = r => FakeAnswers.Valid(r) with { InputTokens = 100 * r.Alerts().Count + 7, OutputTokens = 40 * r.Alerts().Count + 3 };
        _local.Responder = r => FakeAnswers.Valid(r) with { InputTokens = 90 * r.Alerts().Count + 11, OutputTokens = 30 * r.Alerts().Count + 5 };
        var primary = Model(_cloud, LlmProviders.OpenAI, o => (o.PriceInputPer1k, o.PriceOutputPer1k, o.MaxAlertsPerPrompt) = (0.15, 0.6, 4));
        var chain = new LlmChain([primary, Model(_local, LlmProviders.Ollama, o => (o.PriceInputPer1k, o.PriceOutputPer1k) = (0.02, 0.05))],
            NullLogger<LlmChain>.Instance);

        await chain.ClassifyAsync(TestAlerts.Many(10, "Cloud"), CancellationToken.None); // prompts of 4, 4 and 2 alerts
        _cloud.Responder = _ => FakeReply.Error(500);
        await chain.ClassifyAsync(TestAlerts.Many(3, "Local"), CancellationToken.None);
        await chain.ClassifyAsync(TestAlerts.Many(1, "Again"), CancellationToken.None);

        Assert.Equal(3, _cloud.ReportedUsage.Count);
        Assert.Equal(2, _local.ReportedUsage.Count);
        Assert.Equal(Expected(_cloud, 0.15, 0.6), _metrics.CostOf(LlmProviders.OpenAI), 12);
        Assert.Equal(Expected(_local, 0.02, 0.05), _metrics.CostOf(LlmProviders.Ollama), 12);
        Assert.Equal(2, _cloud.ReportedUsage.Distinct().Count()); // 4, 4 and 2 alerts: two different usages
        // 10 alerts: 3 × 7 + 100 × 10 input and 3 × 3 + 40 × 10 output tokens, at 0.15 and 0.6 per 1k.
        Assert.Equal((1021 * 0.15 / 1000) + (409 * 0.6 / 1000), _metrics.CostOf(LlmProviders.OpenAI), 12);
        // The token metric counts the same tokens the cost was worked out from.
        Assert.Equal(_cloud.ReportedUsage.Sum(u => u.Input) + _local.ReportedUsage.Sum(u => u.Input), _metrics.Tokens.Where(t => t.Direction == "input").Sum(t => t.Tokens));

        static double Expected(FakeProvider fake, double input, double output) =>
            fake.ReportedUsage.Sum(u => (u.Input * input / 1000) + (u.Output * output / 1000));
    }

    [Theory]
    [InlineData("hour")]
    [InlineData("day")]
    public async Task A_money_budget_stops_calls_once_spent_until_its_window_has_passed(string window)
    {
        var clock = new ShiftedClock();
        // Each call costs 1000 × 0.01 + 500 × 0.03 per 1k = 0.025; one reserves about 0.02 before it goes out
        // (its prompt's estimated tokens and its output cap), so two fit into 0.06 and a third does not.
        _cloud.Responder = r => FakeAnswers.Valid(r) with { InputTokens = 1000, OutputTokens = 500 };
        var classifier = Classifiers.Create(_cloud, LlmProviders.OpenAI, o =>
        {
            (o.PriceInputPer1k, o.PriceOutputPer1k) = (0.01, 0.03);
            (o.MaxCostPerHour, o.MaxCostPerDay) = window == "hour" ? (0.06, 0d) : (0d, 0.06);
        }, _metrics, time: clock);

        var spent = new List<ClassifierAnswer>();
        for (var i = 0; i < 3; i++)
        {
            spent.AddRange(await classifier.ClassifyAsync([TestAlerts.Alert("Costly" + i)], CancellationToken.None));
        }

        Assert.Equal(2, _cloud.Count);
        Assert.NotNull(spent[0].Classification);
        Assert.NotNull(spent[1].Classification);
        Assert.Equal(DegradedReason.BudgetExhausted, spent[2].DegradedReason);
        var (hour, day) = classifier.Budget.SpentCost();
        Assert.Equal(0.05, window == "hour" ? hour : day, 12);
        Assert.Equal(0.05, _metrics.CostOf(LlmProviders.OpenAI), 12);

        clock.Offset = TimeSpan.FromMinutes(61);
        var later = await classifier.ClassifyAsync([TestAlerts.Alert("Later")], CancellationToken.None);
        Assert.Equal(window == "hour" ? null : DegradedReason.BudgetExhausted, later[0].DegradedReason);
        clock.Offset = TimeSpan.FromHours(24.1);
        var nextDay = await classifier.ClassifyAsync([TestAlerts.Alert("NextDay")], CancellationToken.None);
        Assert.NotNull(nextDay[0].Classification);
    }

    /// <summary>The cloud's key to the cloud, the second cloud's to it, none to the local model.</summary>
    private void AssertEachServerSawOnlyItsOwnKey()
    {
        Assert.All(_cloud.Requests, r => Assert.Equal("Bearer " + Classifiers.Key, r.Header("Authorization")));
        Assert.All(_second.Requests, r =>
        {
            Assert.Equal("Bearer " + Classifiers.FallbackKey, r.Header("Authorization"));
            Assert.DoesNotContain(Classifiers.Key, string.Join('\n', r.Headers.Values), StringComparison.Ordinal);
        });
        Assert.All(_local.Requests, r => Assert.Null(r.Header("Authorization")));
        Assert.All(_second.Requests.Concat(_local.Requests), r => Assert.DoesNotContain(Classifiers.Key, r.Body, StringComparison.Ordinal));
    }

    private LlmChain ThreeHops() => new(
        [
            Model(_cloud, LlmProviders.OpenAI),
            Model(_second, LlmProviders.Anthropic, o => o.ApiKey = Classifiers.FallbackKey),
            Model(_local, LlmProviders.Ollama),
        ],
        NullLogger<LlmChain>.Instance);

    /// <summary>A model of the chain; local ones get no key, every one reports to the same metrics.</summary>
    private LlmClassifier Model(FakeProvider fake, string provider, Action<LlmOptions>? configure = null) =>
        Classifiers.Create(fake, provider, o =>
        {
            o.MaxRetries = 0;
            if (provider == LlmProviders.Ollama)
            {
                o.ApiKey = null;
            }
            configure?.Invoke(o);
        }, _metrics);
}
