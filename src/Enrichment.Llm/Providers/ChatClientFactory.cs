using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Enrichment.Core.Diagnostics;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Enrichment.Llm.Providers;

/// <summary>
/// Builds the <see cref="IChatClient"/> for <c>LLM_PROVIDER</c> with the provider's official SDK. Every
/// SDK gets an <see cref="HttpClient"/> of ours: no SDK retries (Polly owns them), no SDK or
/// HttpClient timeout shorter than ours, and the exchange recorder that lets the classifier see
/// status codes without reading SDK error messages.
/// </summary>
public static class ChatClientFactory
{
    /// <summary>Placeholder for keyless local servers; the OpenAI SDK refuses an empty credential.</summary>
    private const string NoKey = "no-key";

    public static IChatClient Create(LlmOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = options.ProviderName;
        var model = options.EffectiveModel;
        var baseUrl = options.ResolveBaseUrl();
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey.Trim();
        // The SDK-level timers are a backstop only; LLM_TIMEOUT in the Polly pipeline decides.
        var backstop = options.Timeout + TimeSpan.FromSeconds(30);
        HttpMessageHandler handler = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

        var client = LlmProviders.ProtocolOf(provider) switch
        {
            LlmProtocol.Anthropic => CreateAnthropic(options, model, baseUrl, key, backstop, handler),
            LlmProtocol.Ollama => CreateOllama(model, baseUrl, key, handler),
            _ => CreateOpenAI(model, baseUrl, key, backstop, handler),
        };
        // Model spans with the OpenTelemetry GenAI semantic conventions (gen_ai.*), children of the worker's
        // batch span. Sensitive data (prompts and answers, i.e. alert text) stays out of them.
        return client.AsBuilder()
            .UseOpenTelemetry(sourceName: EnrichmentTelemetry.ModelSourceName, configure: telemetry => telemetry.EnableSensitiveData = false)
            .Build();
    }

    private static IChatClient CreateOpenAI(string model, Uri baseUrl, string? key, TimeSpan backstop, HttpMessageHandler handler)
    {
        var http = NewHttpClient(handler);
        var client = new OpenAIClient(new ApiKeyCredential(key ?? NoKey), new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = backstop,
        });
        return client.GetChatClient(model).AsIChatClient();
    }

    private static IChatClient CreateAnthropic(LlmOptions options, string model, Uri baseUrl, string? key, TimeSpan backstop, HttpMessageHandler handler)
    {
        var useXApiKey = options.AnthropicAuth == "x-api-key" && key is not null;
        var http = NewHttpClient(useXApiKey ? new ApiKeyHeaderHandler(handler, "x-api-key", key!, removeAuthorization: true) : handler);
        var client = new AnthropicClient(new ClientOptions
        {
            ApiKey = key ?? NoKey,
            BaseUrl = baseUrl.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            Timeout = backstop,
        });
        return client.AsIChatClient(model, defaultMaxOutputTokens: options.MaxOutputTokens);
    }

    private static IChatClient CreateOllama(string model, Uri baseUrl, string? key, HttpMessageHandler handler)
    {
        var http = NewHttpClient(key is null ? handler : new ApiKeyHeaderHandler(handler, "Authorization", "Bearer " + key, removeAuthorization: false));
        http.BaseAddress = baseUrl;
        return new OllamaApiClient(http, model);
    }

    /// <summary>Outermost handler records the exchange; infinite HttpClient timeout (Polly's decides).</summary>
    private static HttpClient NewHttpClient(HttpMessageHandler handler) =>
        new(new HttpExchangeHandler(handler), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
}
