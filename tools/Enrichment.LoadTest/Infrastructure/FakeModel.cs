using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// An OpenAI-compatible chat-completions server (<c>/v1/chat/completions</c>) standing in for the
/// user's model: it answers every alert of a prompt after a configurable latency, and counts calls and
/// the alerts they carried — what a storm would cost on a real bill.
/// </summary>
public sealed class FakeModel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _latency;
    private int _calls;
    private int _alerts;

    private FakeModel(WebApplication app, Uri baseUrl, TimeSpan latency)
    {
        _app = app;
        BaseUrl = baseUrl;
        _latency = latency;
    }

    /// <summary>For <c>LLM_BASE_URL</c>: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri BaseUrl { get; }

    public int Calls => Volatile.Read(ref _calls);

    public int AlertsAsked => Volatile.Read(ref _alerts);

    public static async Task<FakeModel> StartAsync(TimeSpan latency)
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var model = new FakeModel(app, new Uri($"http://127.0.0.1:{port}/v1"), latency);
        app.MapPost("/v1/chat/completions", model.AnswerAsync);
        await app.StartAsync();
        return model;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var alerts = CountAlerts(request.RootElement);
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _alerts, alerts);
        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, context.RequestAborted);
        }
        var results = new JsonArray();
        for (var id = 1; id <= alerts; id++)
        {
            results.Add(new JsonObject
            {
                ["id"] = id, ["severity"] = "warning", ["category"] = "application", ["confidence"] = 0.8,
                ["summary"] = "fake model summary", ["reasoning"] = "load test", ["recommendations"] = new JsonArray("check the fake"),
            });
        }
        var answer = new JsonObject
        {
            ["id"] = "chatcmpl-load", ["object"] = "chat.completion", ["created"] = 1767225600, ["model"] = "load-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["finish_reason"] = "stop",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = new JsonObject { ["results"] = results }.ToJsonString() },
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100 * alerts, ["completion_tokens"] = 40 * alerts, ["total_tokens"] = 140 * alerts },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), Encoding.UTF8);
    }

    /// <summary>The prompt lists one alert per line between <c>&lt;alerts&gt;</c> markers (see PromptBuilder).</summary>
    private static int CountAlerts(JsonElement request)
    {
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            var content = message.GetProperty("content");
            var text = content.ValueKind == JsonValueKind.Array
                ? string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : ""))
                : content.GetString() ?? "";
            var start = text.IndexOf("<alerts>\n", StringComparison.Ordinal);
            var end = text.LastIndexOf("\n</alerts>", StringComparison.Ordinal);
            if (start >= 0 && end > start)
            {
                return text[(start + 9)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            }
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
