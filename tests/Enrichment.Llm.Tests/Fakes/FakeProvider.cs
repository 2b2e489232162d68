using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enrichment.Llm.Tests.Fakes;

/// <summary>
/// An in-process HTTP server (Kestrel on a free 127.0.0.1 port) speaking each provider's real wire
/// protocol, so the real SDKs are exercised end to end: OpenAI chat completions (<c>/v1/chat/completions</c>,
/// also LM Studio and any OpenAI-compatible server), Gemini's OpenAI-compatible endpoint
/// (<c>/v1beta/openai/chat/completions</c>), Anthropic messages (<c>/v1/messages</c>) and Ollama's
/// native chat (<c>/api/chat</c>, streamed as NDJSON when asked). It records every request.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<(int Input, int Output)> _usage = new();

    private FakeProvider(WebApplication app, int port)
    {
        _app = app;
        Root = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary><c>http://127.0.0.1:port</c>, no path.</summary>
    public Uri Root { get; }

    /// <summary>Decides each answer; by default a valid result for every alert of the prompt.</summary>
    public Func<RecordedRequest, FakeReply> Responder { get; set; } = FakeAnswers.Valid;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public int Count => _requests.Count;

    /// <summary>The token counts of every model answer sent (2xx envelopes), as the provider reported them.</summary>
    public IReadOnlyList<(int Input, int Output)> ReportedUsage => _usage.ToList();

    public static async Task<FakeProvider> StartAsync()
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeProvider(app, port);
        app.MapPost("/v1/chat/completions", context => fake.HandleAsync(context, Protocol.OpenAI));
        app.MapPost("/v1beta/openai/chat/completions", context => fake.HandleAsync(context, Protocol.OpenAI));
        app.MapPost("/v1/messages", context => fake.HandleAsync(context, Protocol.Anthropic));
        app.MapPost("/api/chat", context => fake.HandleAsync(context, Protocol.Ollama));
        await app.StartAsync();
        return fake;
    }

    private async Task HandleAsync(HttpContext context, Protocol protocol)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new RecordedRequest(context.Request.Path, headers, body);
        _requests.Enqueue(request);
        var reply = Responder(request);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }
        if (reply.RawBody is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.RawBody);
            return;
        }
        var model = request.Json.TryGetProperty("model", out var m) ? m.GetString() : "unknown";
        var streamed = protocol == Protocol.Ollama && !(request.Json.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.False);
        context.Response.ContentType = streamed ? "application/x-ndjson" : "application/json";
        var envelope = Envelope(protocol, model, reply.ModelText, reply.InputTokens, reply.OutputTokens);
        if (reply.Status is >= 200 and < 300)
        {
            // Before the answer leaves, so that a caller that has read it finds it counted.
            _usage.Enqueue((reply.InputTokens, reply.OutputTokens));
        }
        await context.Response.WriteAsync(envelope.ToJsonString() + (streamed ? "\n" : ""));
    }

    private static JsonObject Envelope(Protocol protocol, string? model, string? text, int input, int output) => protocol switch
    {
        Protocol.Anthropic => new JsonObject
        {
            ["id"] = "msg_fake", ["type"] = "message", ["role"] = "assistant", ["model"] = model,
            ["content"] = text is null ? new JsonArray() : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            ["stop_reason"] = "end_turn", ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = input, ["output_tokens"] = output },
        },
        Protocol.Ollama => new JsonObject
        {
            ["model"] = model, ["created_at"] = "2026-01-01T00:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text ?? "" },
            ["done"] = true, ["done_reason"] = "stop", ["total_duration"] = 1000, ["prompt_eval_count"] = input, ["eval_count"] = output,
        },
        _ => new JsonObject
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["created"] = 1767225600, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text }, ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output },
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private enum Protocol
    {
        OpenAI,
        Anthropic,
        Ollama,
    }
}
