using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Enrichment.Llm.Tests;

/// <summary>Every log line, at every level, through every failure: the key is in none of them.</summary>
public sealed class KeyNeverLoggedTests
{
    [Fact]
    public async Task No_log_line_contains_the_key_whatever_happens()
    {
        await using var fake = await FakeProvider.StartAsync();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        // A provider whose 401 body quotes the key back, as real ones partly do.
        var quotedKey = "{\"error\":{\"message\":\"Incorrect API key provided: " + Classifiers.Key + "\",\"type\":\"invalid_request_error\"}}";
        var replies = new Queue<FakeReply>(
        [
            new FakeReply { Status = 401, RawBody = quotedKey },
            new FakeReply { Status = 400, RawBody = quotedKey },
            new FakeReply { Status = 500, RawBody = quotedKey },
            new FakeReply { Status = 429, RawBody = quotedKey, Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } },
            new FakeReply { RawBody = "not json " + Classifiers.Key },
            FakeReply.Text("garbage " + Classifiers.Key),
            new FakeReply { Delay = TimeSpan.FromSeconds(5) },
        ]);
        fake.Responder = r => replies.TryDequeue(out var reply) ? reply : FakeAnswers.Valid(r);

        foreach (var provider in new[] { LlmProviders.OpenAI, LlmProviders.Anthropic, LlmProviders.Ollama })
        {
            var classifier = Classifiers.Create(fake, provider, o =>
            {
                o.MaxRetries = 0;
                o.Timeout = TimeSpan.FromSeconds(1);
                o.StructuredOutput = false;
            }, logs: factory);
            for (var i = 0; i < 8; i++)
            {
                await classifier.ClassifyAsync([TestAlerts.Alert("A" + i)], CancellationToken.None);
            }
            replies = new Queue<FakeReply>([new FakeReply { Status = 401, RawBody = quotedKey }, new FakeReply { Status = 500, RawBody = quotedKey }]);
        }
        var unreachable = Classifiers.Create(fake, LlmProviders.OpenAI, o =>
        {
            o.BaseUrl = $"http://127.0.0.1:{HostProcess.FreePort()}/v1";
            o.MaxRetries = 0;
        }, logs: factory);
        await unreachable.ClassifyAsync([TestAlerts.Alert("B")], CancellationToken.None);

        Assert.True(logs.Lines.Count > 10, "the failures should have been logged");
        var keyCore = Classifiers.Key["sk-test-".Length..];
        Assert.DoesNotContain(logs.Lines, line => line.Contains(keyCore[..12], StringComparison.Ordinal) || line.Contains(keyCore[^12..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_log_line_contains_a_fallbacks_key_either()
    {
        await using var cloud = await FakeProvider.StartAsync();
        await using var second = await FakeProvider.StartAsync();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        // Both servers quote back the key they were sent, in every way a failure can carry it.
        string Quoting(string key) => "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\",\"type\":\"invalid_request_error\"}}";
        cloud.Responder = _ => new FakeReply { Status = 500, RawBody = Quoting(Classifiers.Key) };
        var replies = new Queue<FakeReply>(
        [
            new FakeReply { Status = 401, RawBody = Quoting(Classifiers.FallbackKey) },
            new FakeReply { Status = 400, RawBody = Quoting(Classifiers.FallbackKey) },
            new FakeReply { Status = 500, RawBody = Quoting(Classifiers.FallbackKey) },
            new FakeReply { RawBody = "not json " + Classifiers.FallbackKey },
            FakeReply.Text("garbage " + Classifiers.FallbackKey),
            new FakeReply { Delay = TimeSpan.FromSeconds(5) },
        ]);
        second.Responder = r => replies.TryDequeue(out var reply) ? reply : FakeAnswers.Valid(r);
        var chain = new LlmChain(
        [
            Classifiers.Create(cloud, LlmProviders.OpenAI, o => o.MaxRetries = 0, logs: factory),
            Classifiers.Create(second, LlmProviders.Anthropic, o =>
            {
                (o.ApiKey, o.MaxRetries, o.Timeout, o.StructuredOutput) = (Classifiers.FallbackKey, 0, TimeSpan.FromSeconds(1), false);
            }, logs: factory),
        ], factory.CreateLogger<LlmChain>());

        for (var i = 0; i < 8; i++)
        {
            await chain.ClassifyAsync([TestAlerts.Alert("A" + i)], CancellationToken.None);
        }

        Assert.Empty(replies); // every failure was served (after them the fallback's own breaker may refuse)
        Assert.True(logs.Lines.Count(l => l.Contains("anthropic", StringComparison.Ordinal)) >= 6, "the fallback's failures should have been logged");
        foreach (var key in new[] { Classifiers.Key, Classifiers.FallbackKey })
        {
            var secret = key[(key.IndexOf('-', 3) + 1)..];
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret[..12], StringComparison.Ordinal) || line.Contains(secret[^12..], StringComparison.Ordinal));
        }
    }
}
