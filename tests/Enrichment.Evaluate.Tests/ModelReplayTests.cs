using System.Collections;
using System.Text.Json.Nodes;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Evaluate.Tests;

/// <summary>
/// The command end to end with a model: the LLM_* variables compose the real LLM classifier (the real OpenAI SDK)
/// against a fake OpenAI-compatible server, which answers from the alerts of each prompt.
/// </summary>
public sealed class ModelReplayTests : IAsyncLifetime
{
    private const string Key = "sk-evaluate-THE-USERS-OWN-KEY-0123456789";

    /// <summary>Ten alerts as a corrections export has them; the fake misreads the two whose name starts "Misread".</summary>
    private static readonly (string Name, string Category, string Severity)[] Labelled =
    [
        ("OrdersDbReplicaBehind", "database", "warning"),
        ("CartQueueBacklog", "messaging", "warning"),
        ("EdgeProxyErrors", "network", "critical"),
        ("MisreadVolumeFull", "storage", "critical"),
        ("BackupDiskSlow", "storage", "warning"),
        ("TokenSigningKeyRotated", "security", "info"),
        ("MisreadCheckoutSlow", "application", "warning"),
        ("RunnerPoolExhausted", "cicd", "warning"),
        ("ScrapeBacklog", "observability", "warning"),
        ("HypervisorMemoryLow", "infrastructure", "critical"),
    ];

    private FakeProvider _fake = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(_file, Labelled.Select(a => new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = a.Name, ["severity"] = a.Severity, ["job"] = "team-jobs" },
            ["annotations"] = new JsonObject { ["summary"] = a.Name + " fired" },
            ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200",
            ["severity"] = a.Severity,
            ["category"] = a.Category,
        }.ToJsonString()));
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task Prints_accuracy_confusion_model_calls_and_tokens_of_the_users_model()
    {
        _fake.Responder = AnswerFromThePrompt;

        var (code, stdout, stderr) = await RunAsync([_file]);

        Assert.True(code == 0, stderr);
        Printed("classifier: model openai-compatible/fake-model/", stdout);
        Printed("answers: llm 10", stdout);
        Assert.Matches(@"\nall +0 +10 +80\.0 % \( +8\) +100\.0 % \( +10\)", stdout);
        // Per category: storage 1 of 2, application 0 of 1; the two misreadings are answered network (precision 1/3).
        Assert.Matches(@"\nstorage +2 +1 +50\.0 % +100\.0 %", stdout);
        Assert.Matches(@"\napplication +1 +0 +0\.0 % +—", stdout);
        Assert.Matches(@"\nnetwork +1 +1 +100\.0 % +33\.3 %", stdout);
        Assert.Matches(@"\nstorage +\. +\. +\. +\. +1 +\. +1 +\. +\. +\. +2", stdout);
        // Four alerts per prompt: three calls, each of 120 tokens in and 45 out by the fake's count.
        var calls = _fake.Count;
        Assert.Equal(3, calls);
        Printed($"model openai-compatible/fake-model: {calls} calls (success {calls}), tokens {120 * calls:N0} in / {45 * calls:N0} out", stdout);
        Assert.DoesNotContain(Key, stdout + stderr);
    }

    [Fact]
    public async Task Prices_turn_the_tokens_into_cost()
    {
        _fake.Responder = AnswerFromThePrompt;

        var (code, stdout, stderr) = await RunAsync([_file], new Hashtable { ["LLM_PRICE_INPUT_PER_1K"] = "0.5", ["LLM_PRICE_OUTPUT_PER_1K"] = "2" });

        Assert.True(code == 0, stderr);
        // Three calls of 120 tokens in and 45 out: 3 × (0.12 × 0.5 + 0.045 × 2) = 0.45; per 1,000 alerts, 45.
        Printed("model openai-compatible/fake-model: 3 calls (success 3), tokens 360 in / 135 out, cost 0.45", stdout);
        Printed("per 1,000 alerts: 300 calls, 49,500 tokens, cost 45", stdout);
    }

    [Fact]
    public async Task Through_a_chain_the_fallback_answers_for_a_failing_primary_and_each_model_is_counted()
    {
        await using var local = await FakeProvider.StartAsync();
        local.Responder = AnswerFromThePrompt;
        _fake.Responder = _ => FakeReply.Error(500);

        var (code, stdout, stderr) = await RunAsync([_file], new Hashtable
        {
            ["LLM_FALLBACK_PROVIDERS"] = "openai-compatible",
            ["LLM_1_BASE_URL"] = new Uri(local.Root, "/v1").ToString(),
            ["LLM_1_API_KEY"] = "sk-local-0123456789abcdef",
            ["LLM_1_MODEL"] = "local-model",
            ["LLM_1_MAX_RETRIES"] = "0",
            ["LLM_1_PRICE_INPUT_PER_1K"] = "1",
            ["LLM_1_PRICE_OUTPUT_PER_1K"] = "1",
        });

        Assert.True(code == 0, stderr);
        // Nothing lost: every alert answered by a model, the fallback's verdicts scored like any other.
        Printed("answers: llm 10", stdout);
        Assert.Matches(@"\nall +0 +10 +80\.0 % \( +8\)", stdout);
        Assert.Matches($@"model openai-compatible/fake-model: {_fake.Count} calls \(error {_fake.Count}\)", stdout);
        // Its own counts and its own prices: 120 + 45 tokens a call at 1 per 1,000.
        var calls = local.Count;
        Assert.InRange(calls, 1, 10);
        Printed($"model openai-compatible/local-model: {calls} calls (success {calls}), tokens {120 * calls:N0} in / {45 * calls:N0} out, cost {0.165 * calls:0.####}", stdout);
        Assert.DoesNotContain(Key, stdout + stderr);
    }

    [Fact]
    public async Task A_failing_model_leaves_the_rules_to_answer_and_says_why()
    {
        _fake.Responder = _ => FakeReply.Error(500);

        var (code, stdout, stderr) = await RunAsync([_file]);

        Assert.True(code == 0, stderr);
        Printed("answers: rules 10 (the rules answered for: ", stdout);
        Assert.Matches(@"model openai-compatible/fake-model: \d+ calls \(error \d+", stdout);
        Assert.DoesNotContain(Key, stdout + stderr);
    }

    [Fact]
    public async Task With_rules_forced_the_model_is_never_called()
    {
        var (code, stdout, _) = await RunAsync([_file, "--rules"]);

        Assert.Equal(0, code);
        Printed("classifier: rules", stdout);
        Printed("model: no calls", stdout);
        Assert.Equal(0, _fake.Count);
    }

    [Fact]
    public async Task A_configuration_error_names_the_variable_and_nothing_is_replayed()
    {
        var (code, stdout, stderr) = await EvaluateAsync([_file], new Hashtable { ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "openai" });

        Assert.Equal(2, code);
        Assert.Contains("LLM_API_KEY", stderr);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("--held-back", "101", "--held-back must be a whole number from 0 to 100")]
    [InlineData("--part", "half", "--part must be one of tuning, held-back, all")]
    [InlineData("--frobnicate", "", "unknown option --frobnicate")]
    public async Task A_bad_option_is_named(string option, string value, string message)
    {
        var (code, _, stderr) = await EvaluateAsync(value.Length > 0 ? [_file, option, value] : [_file, option], new Hashtable());

        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task A_file_with_a_bad_line_is_refused_with_its_line_number()
    {
        await File.AppendAllTextAsync(_file, """{"labels":{"alertname":"X"},"category":"kubernetes"}""" + "\n");

        var (code, _, stderr) = await EvaluateAsync([_file, "--rules"], new Hashtable());

        Assert.Equal(2, code);
        Assert.Contains("line 11: unknown category 'kubernetes'", stderr);
    }

    private static void Printed(string expected, string stdout) => Assert.True(stdout.Contains(expected, StringComparison.Ordinal), $"not printed: {expected}\n{stdout}");

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, Hashtable? more = null)
    {
        var variables = new Hashtable
        {
        ["LLM_ENABLED"] = "true",
        ["LLM_PROVIDER"] = "openai-compatible",
        ["LLM_BASE_URL"] = new Uri(_fake.Root, "/v1").ToString(),
        ["LLM_API_KEY"] = Key,
        ["LLM_MODEL"] = "fake-model",
        ["LLM_MAX_ALERTS_PER_PROMPT"] = "4",
        ["LLM_MAX_RETRIES"] = "0",
        ["LLM_TIMEOUT"] = "20s",
        };
        foreach (DictionaryEntry entry in more ?? [])
        {
            variables[entry.Key] = entry.Value;
        }
        return EvaluateAsync(args, variables);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> EvaluateAsync(string[] args, IDictionary variables)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await EvaluateCommand.RunAsync(args, stdout, stderr, variables, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The labelled category for each alert of the prompt, except "network" for those named Misread…; severity as labelled.</summary>
    private static FakeReply AnswerFromThePrompt(RecordedRequest request)
    {
        var results = new JsonArray();
        foreach (var alert in request.Alerts())
        {
            var name = alert.GetProperty("labels").GetProperty("alertname").GetString()!;
            var labelled = Labelled.Single(a => a.Name == name);
            var category = name.StartsWith("Misread", StringComparison.Ordinal) ? "network" : labelled.Category;
            results.Add(FakeAnswers.Item(alert.GetProperty("id").GetInt32(), labelled.Severity, category));
        }
        return FakeReply.Text(new JsonObject { ["results"] = results }.ToJsonString());
    }
}
