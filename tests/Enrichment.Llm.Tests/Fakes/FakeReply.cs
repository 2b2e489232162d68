namespace Enrichment.Llm.Tests.Fakes;

/// <summary>What the fake provider answers: a model text in the protocol's envelope, or a raw HTTP failure.</summary>
public sealed record FakeReply
{
    public int Status { get; init; } = 200;

    /// <summary>The model's text, wrapped in the protocol's response envelope (null content when null).</summary>
    public string? ModelText { get; init; }

    /// <summary>Sent as is instead of an envelope (error bodies, malformed JSON).</summary>
    public string? RawBody { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Wait before answering (timeouts).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The input tokens the envelope reports (OpenAI's prompt_tokens, Anthropic's input_tokens, Ollama's prompt_eval_count).</summary>
    public int InputTokens { get; init; } = 120;

    /// <summary>The output tokens the envelope reports.</summary>
    public int OutputTokens { get; init; } = 45;

    public static FakeReply Text(string text) => new() { ModelText = text };

    public static FakeReply Error(int status, string? retryAfter = null) => new()
    {
        Status = status,
        RawBody = """{"error":{"message":"fake failure","type":"server_error"}}""",
        Headers = retryAfter is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Retry-After"] = retryAfter },
    };
}
