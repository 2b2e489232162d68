namespace Enrichment.Llm;

/// <summary>The providers <c>LLM_PROVIDER</c> accepts, with the defaults a user gets by naming one.</summary>
public static class LlmProviders
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Google = "google";
    public const string Ollama = "ollama";
    public const string LmStudio = "lmstudio";
    public const string OpenAICompatible = "openai-compatible";

    public static IReadOnlyList<string> All { get; } = [OpenAI, Anthropic, Google, Ollama, LmStudio, OpenAICompatible];

    /// <summary>The wire protocol a provider speaks, i.e. which SDK talks to it.</summary>
    public static LlmProtocol ProtocolOf(string provider) => Normalize(provider) switch
    {
        Anthropic => LlmProtocol.Anthropic,
        Ollama => LlmProtocol.Ollama,
        // Gemini goes through its OpenAI-compatible endpoint: one well-tested SDK path, JSON-schema
        // output, and the key in an Authorization header rather than in the URL (?key=) where
        // HttpClient traces and proxies would record it.
        _ => LlmProtocol.OpenAI,
    };

    /// <summary>Cloud providers bill the user's key; local ones (Ollama, LM Studio, a self-hosted gateway) may need none.</summary>
    public static bool RequiresApiKey(string provider) => Normalize(provider) is OpenAI or Anthropic or Google;

    public static string DefaultBaseUrl(string provider) => Normalize(provider) switch
    {
        OpenAI => "https://api.openai.com/v1",
        Anthropic => "https://api.anthropic.com",
        Google => "https://generativelanguage.googleapis.com/v1beta/openai",
        Ollama => "http://localhost:11434",
        LmStudio => "http://localhost:1234/v1",
        _ => "http://localhost:8000/v1", // vLLM's default; LiteLLM and gateways always need LLM_BASE_URL
    };

    public static string DefaultModel(string provider) => Normalize(provider) switch
    {
        OpenAI => "gpt-4o-mini",
        // A model with structured outputs (output_config.format), which the SDK adapter sends.
        Anthropic => "claude-haiku-4-5",
        Google => "gemini-2.0-flash",
        Ollama => "llama3.1",
        LmStudio => "local-model",
        _ => "default",
    };

    public static bool IsKnown(string? provider) => provider is not null && All.Contains(Normalize(provider));

    public static string Normalize(string provider) => provider.Trim().ToLowerInvariant();
}

/// <summary>Which SDK speaks to the provider.</summary>
public enum LlmProtocol
{
    OpenAI,
    Anthropic,
    Ollama,
}
