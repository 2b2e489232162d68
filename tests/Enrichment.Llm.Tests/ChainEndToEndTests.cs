using System.Globalization;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>
/// Issue 18's "done when" for the chain, on the real executable (all roles, in-memory transport, console notifier):
/// a cloud model (a fake OpenAI-compatible server) that starts answering 500 in the middle of a storm and later
/// recovers, and a local fallback (a fake Ollama). Every alert is classified by a model and counted; the storm moves to
/// the fallback and back; the cost metric is each server's reported tokens at its configured prices.
/// </summary>
public sealed class ChainEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Cloud = "openai-compatible";
    private const string Local = "ollama";
    private const double CloudInput = 0.15;
    private const double CloudOutput = 0.6;
    private const double LocalInput = 0.01;
    private const double LocalOutput = 0.02;

    /// <summary>The cloud's calls that answer 500: from the 5th to the 12th it receives.</summary>
    private const int FirstFailure = 5;
    private const int LastFailure = 12;

    private FakeProvider _cloud = null!;
    private FakeProvider _local = null!;
    private int _cloudCalls;

    public async Task InitializeAsync()
    {
        _cloud = await FakeProvider.StartAsync();
        _local = await FakeProvider.StartAsync();
        _cloud.Responder = r => Interlocked.Increment(ref _cloudCalls) is >= FirstFailure and <= LastFailure ? FakeReply.Error(500) : Answer(r, 100, 40);
        _local.Responder = r => Answer(r, 90, 30);
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        await _local.DisposeAsync();
    }

    [Fact]
    public async Task A_cloud_model_failing_mid_storm_hands_over_to_the_local_one_and_back_with_nothing_lost()
    {
        await using var host = await HostProcess.StartAsync(HostEndToEndTests.Environment(_cloud, new()
        {
            ["LLM_MODEL"] = "cloud-model",
            ["LLM_MAX_RETRIES"] = "1",
            ["LLM_RETRY_BASE_DELAY"] = "20ms",
            ["LLM_CIRCUIT_BREAK_DURATION"] = "1s",
            ["LLM_MAX_ALERTS_PER_PROMPT"] = "5",
            ["LLM_PRICE_INPUT_PER_1K"] = Text(CloudInput),
            ["LLM_PRICE_OUTPUT_PER_1K"] = Text(CloudOutput),
            ["LLM_FALLBACK_PROVIDERS"] = Local,
            ["LLM_1_BASE_URL"] = Classifiers.BaseUrlFor(_local, LlmProviders.Ollama),
            ["LLM_1_MODEL"] = "local-model",
            // An Ollama behind an authenticating proxy: a second key, which must stay as unlogged as the first.
            ["LLM_1_API_KEY"] = Classifiers.FallbackKey,
            ["LLM_1_PRICE_INPUT_PER_1K"] = Text(LocalInput),
            ["LLM_1_PRICE_OUTPUT_PER_1K"] = Text(LocalOutput),
            ["Logging__LogLevel__Default"] = "Trace",
        }));

        // The storm: 30 requests of 10 alerts, each alert its own signature, sent without waiting for the events.
        var posted = 0;
        for (var wave = 0; wave < 30; wave++)
        {
            await HostEndToEndTests.PostAsync(host, "/api/v2/alerts", HostEndToEndTests.Payload(10, "Storm" + Letters(wave)));
            posted += 10;
        }
        await HostEndToEndTests.WaitForEventsAsync(host, posted, TimeSpan.FromSeconds(120));

        // The cloud is back once its breaker lets a probe through: alerts keep coming until one is the cloud's again.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var back = false;
        for (var round = 0; !back && DateTime.UtcNow < deadline; round++)
        {
            await HostEndToEndTests.PostAsync(host, "/api/v2/alerts", HostEndToEndTests.Payload(1, "After" + Letters(round)));
            posted++;
            var events = await HostEndToEndTests.WaitForEventsAsync(host, posted, TimeSpan.FromSeconds(60));
            back = Provider(events[^1]) == Cloud && _cloudCalls > LastFailure;
            if (!back)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300)); // the breaker's 1 s; a condition, polled
            }
        }
        Assert.True(back, "the cloud model never answered again after it recovered");

        var all = await HostEndToEndTests.WaitForEventsAsync(host, posted, TimeSpan.FromSeconds(10));
        var providers = all.Select(Provider).ToList();
        output.WriteLine($"{posted} alerts; cloud calls {_cloud.Count} ({LastFailure - FirstFailure + 1} answered 500), local calls {_local.Count}; "
            + $"answered by the cloud {providers.Count(p => p == Cloud)}, by the local model {providers.Count(p => p == Local)}");

        // Nothing lost, nothing twice, every alert a model's answer: the rules were never needed.
        Assert.Equal(posted, all.Count);
        Assert.Equal(posted, all.Select(e => e.GetProperty("alert").GetProperty("fingerprint").GetString()).Distinct().Count());
        Assert.All(all, e => Assert.Equal("llm", e.GetProperty("classification").GetProperty("source").GetString()));
        // Handed over and back: the cloud's first calls answered (before its failures), the local model took over, and
        // the last alert, sent after the cloud's last failure, is the cloud's again.
        Assert.True(providers.Count(p => p == Cloud) >= 2, "the cloud answered no more than the recovery probe");
        Assert.Contains(Local, providers);
        Assert.Equal(Cloud, providers[^1]);
        Assert.All(providers, p => Assert.Contains(p, new[] { Cloud, Local }));
        foreach (var e in all)
        {
            var classification = e.GetProperty("classification");
            if (Provider(e) == Cloud)
            {
                Assert.Equal("cloud-model", classification.GetProperty("model").GetString());
                Assert.Equal(JsonValueKind.Null, classification.GetProperty("degradedReason").ValueKind);
            }
            else
            {
                Assert.Equal("local-model", classification.GetProperty("model").GetString());
                Assert.Contains(classification.GetProperty("degradedReason").GetString(), new[] { "error", "circuit_open" });
            }
        }

        var metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Equal(posted, Sample(metrics, "enrichment_alerts_enriched_total{mode=\"enriched\",source=\"llm\"}"));
        Assert.Equal(LastFailure - FirstFailure + 1, Sample(metrics, $"enrichment_llm_requests_total{{provider=\"{Cloud}\",model=\"cloud-model\",outcome=\"error\"}}"));
        AssertCost(metrics, _cloud, Cloud, "cloud-model", CloudInput, CloudOutput);
        AssertCost(metrics, _local, Local, "local-model", LocalInput, LocalOutput);

        // Each key to its own server only, and to no log line or event.
        Assert.All(_cloud.Requests, r => Assert.Equal("Bearer " + Classifiers.Key, r.Header("Authorization")));
        Assert.All(_local.Requests, r => Assert.Equal("Bearer " + Classifiers.FallbackKey, r.Header("Authorization")));
        HostEndToEndTests.AssertKeyNotIn(host);
        var fallbackSecret = Classifiers.FallbackKey["sk-fallback-".Length..];
        Assert.DoesNotContain(host.StderrLines.Concat(host.StdoutLines), l => l.Contains(fallbackSecret, StringComparison.Ordinal));
    }

    /// <summary>The cost series and the token series of one model agree with the tokens its server reported.</summary>
    private void AssertCost(string metrics, FakeProvider fake, string provider, string model, double inputPrice, double outputPrice)
    {
        var usage = fake.ReportedUsage;
        Assert.NotEmpty(usage);
        var expected = usage.Sum(u => (u.Input * inputPrice / 1000) + (u.Output * outputPrice / 1000));
        var cost = Sample(metrics, $"enrichment_llm_cost_total{{provider=\"{provider}\",model=\"{model}\"}}");
        output.WriteLine($"{provider}: {usage.Count} answers, {usage.Sum(u => u.Input)} + {usage.Sum(u => u.Output)} tokens, cost {cost}");
        Assert.Equal(expected, cost, 9);
        Assert.Equal(usage.Sum(u => u.Input), Sample(metrics, $"enrichment_llm_tokens_total{{provider=\"{provider}\",model=\"{model}\",direction=\"input\"}}"));
        Assert.Equal(usage.Sum(u => u.Output), Sample(metrics, $"enrichment_llm_tokens_total{{provider=\"{provider}\",model=\"{model}\",direction=\"output\"}}"));
    }

    /// <summary>A valid answer reporting usage that grows with the prompt's alerts, so that each call's figures count.</summary>
    private static FakeReply Answer(RecordedRequest request, int inputPerAlert, int outputPerAlert)
    {
        var count = request.Alerts().Count;
        return FakeAnswers.Valid(request) with { InputTokens = (inputPerAlert * count) + 7, OutputTokens = (outputPerAlert * count) + 3 };
    }

    private static string Provider(JsonElement e) => e.GetProperty("classification").GetProperty("provider").GetString() ?? "";

    private static double Sample(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no sample {series} in /metrics");
        return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Letters(int i)
    {
        var text = "";
        do
        {
            text = (char)('a' + (i % 26)) + text;
            i /= 26;
        }
        while (i > 0);
        return text;
    }
}
