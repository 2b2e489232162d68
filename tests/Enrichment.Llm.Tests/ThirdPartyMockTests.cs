using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>
/// Against an OpenAI-compatible mock server the project did not write — npm's <c>@dwmkerr/mock-llm</c>,
/// installed by <c>scripts/test.sh</c> — the real host in enriched mode gets the model's answer into every
/// event. The mock answers only when the request carries the key as <c>Authorization: Bearer</c>
/// (401 otherwise), so an event from the model proves where the key went.
/// </summary>
public sealed class ThirdPartyMockTests
{
    [Fact]
    public async Task Mock_llm_answers_every_event_when_the_key_is_in_the_authorization_header()
    {
        var port = HostProcess.FreePort();
        var config = Path.Combine(Path.GetTempPath(), $"mock-llm-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, Config(Classifiers.Key));
        using var mock = StartMock(port, config);
        try
        {
            await WaitForHealthAsync(port, mock);
            var environment = new Dictionary<string, string>
            {
                ["ENRICHMENT_MODE"] = "enriched",
                ["NOTIFIER_CONSOLE"] = "true",
                ["LLM_ENABLED"] = "true",
                ["LLM_PROVIDER"] = "openai-compatible",
                ["LLM_BASE_URL"] = $"http://127.0.0.1:{port}/v1",
                ["LLM_API_KEY"] = Classifiers.Key,
                ["LLM_MODEL"] = "mock-model",
                // mock-llm's canned reply is not schema-aware; keep the request plain as many gateways need.
                ["LLM_STRUCTURED_OUTPUT"] = "false",
            };
            await using var host = await HostProcess.StartAsync(environment);

            await HostEndToEndTests.PostAsync(host, "/api/v2/alerts", HostEndToEndTests.Payload(8, "Mocked"));
            var events = await HostEndToEndTests.WaitForEventsAsync(host, 8, TimeSpan.FromSeconds(60));

            Assert.All(events, e =>
            {
                var c = e.GetProperty("classification");
                Assert.Equal("llm", c.GetProperty("source").GetString());
                Assert.Equal("mock-model", c.GetProperty("model").GetString());
                Assert.Equal("network", c.GetProperty("category").GetString());
            });
            HostEndToEndTests.AssertKeyNotIn(host);
        }
        finally
        {
            mock.Kill(entireProcessTree: true);
            await mock.WaitForExitAsync();
            File.Delete(config);
        }
    }

    private static string Config(string key)
    {
        // A canned answer for up to 20 alerts; the classifier ignores ids it did not ask about.
        var results = new JsonArray(Enumerable.Range(1, 20).Select(id => (JsonNode)FakeAnswers.Item(id, category: "network")).ToArray());
        var answer = new JsonObject { ["results"] = results }.ToJsonString();
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-mock", ["object"] = "chat.completion", ["created"] = 1, ["model"] = "mock-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer }, ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
        }.ToJsonString();
        return $$$"""
            rules:
              - path: "/v1/chat/completions"
                method: "POST"
                match: "@"
                response:
                  status: 401
                  content: '{"error":{"message":"missing or wrong key","type":"invalid_request_error"}}'
              - path: "/v1/chat/completions"
                method: "POST"
                match: "headers.authorization == 'Bearer {{{key}}}'"
                response:
                  status: 200
                  content: |
                    {{{completion}}}
            """;
    }

    private static Process StartMock(int port, string config)
    {
        var script = Environment.GetEnvironmentVariable("TEST_MOCK_LLM") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("TEST_MOCK_LLM is not set. Run the suite with scripts/test.sh, which installs npm's @dwmkerr/mock-llm.");
        var info = new ProcessStartInfo("node", [script, "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["HOST"] = "127.0.0.1";
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(int port, Process mock)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(mock.HasExited, "mock-llm exited at start");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("mock-llm did not become healthy");
    }
}
