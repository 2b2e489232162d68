using Enrichment.Llm.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Llm.Tests.Fakes;

/// <summary>Builds the real classifier, with the real SDK for the provider, pointed at a fake.</summary>
public static class Classifiers
{
    public const string Key = "sk-test-THE-USERS-OWN-KEY-0123456789abcdef";

    /// <summary>A fallback model's own key: it must reach that model's server only, and no log.</summary>
    public const string FallbackKey = "sk-fallback-SECOND-KEY-fedcba9876543210";

    public static LlmOptions Options(FakeProvider fake, string provider, Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions
        {
            Enabled = true,
            Provider = provider,
            ApiKey = Key,
            BaseUrl = BaseUrlFor(fake, provider),
            Timeout = TimeSpan.FromSeconds(20),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetries = 2,
        };
        configure?.Invoke(options);
        return options;
    }

    public static LlmClassifier Create(FakeProvider fake, string provider, Action<LlmOptions>? configure = null,
        RecordingMetrics? metrics = null, ILoggerFactory? logs = null, TimeProvider? time = null)
    {
        var options = Options(fake, provider, configure);
        return new LlmClassifier(ChatClientFactory.Create(options), options, metrics ?? new RecordingMetrics(),
            (logs ?? NullLoggerFactory.Instance).CreateLogger<LlmClassifier>(), time);
    }

    public static string BaseUrlFor(FakeProvider fake, string provider) => provider switch
    {
        LlmProviders.Google => new Uri(fake.Root, "/v1beta/openai").ToString(),
        LlmProviders.Anthropic or LlmProviders.Ollama => fake.Root.ToString(),
        _ => new Uri(fake.Root, "/v1").ToString(),
    };
}
