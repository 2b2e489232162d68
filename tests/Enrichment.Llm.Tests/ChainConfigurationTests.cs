using System.Collections;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Llm.Tests.Fakes;
using Enrichment.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm.Tests;

/// <summary>
/// <c>LLM_FALLBACK_PROVIDERS</c> and <c>LLM_N_*</c> read from environment variables as a user sets them (through the
/// service's own variable mapping), prices and money budgets; every mistake stops the worker naming the variable.
/// </summary>
public sealed class ChainConfigurationTests
{
    private const string FallbackKey = "sk-ant-FALLBACK-KEY-9876543210fedcba";

    [Fact]
    public void A_fallback_named_in_the_list_is_its_own_model_with_its_own_defaults_and_namespace()
    {
        using var services = Build(new()
        {
            ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "openai", ["LLM_API_KEY"] = Classifiers.Key, ["LLM_TIMEOUT"] = "5s",
            ["LLM_PRICE_INPUT_PER_1K"] = "0.00015", ["LLM_MAX_TOKENS_PER_MINUTE"] = "1000",
            ["LLM_FALLBACK_PROVIDERS"] = "ollama",
        });

        var chain = Assert.IsType<LlmChain>(services.GetRequiredService<IAlertClassifier>());
        Assert.Equal(2, chain.Models.Count);
        Assert.Same(services.GetRequiredService<LlmClassifier>(), chain.Models[0]);
        Assert.Equal(chain.Models[0].CacheNamespace, chain.CacheNamespace);
        Assert.Equal("ollama/llama3.1/p2/" + LlmCacheNamespace.EndpointId(new Uri("http://localhost:11434")), chain.Models[1].CacheNamespace);

        // Nothing of the primary's carries over: not its key, not its prices, budgets or timeout.
        var fallback = services.GetRequiredService<IOptions<LlmOptions>>().Value.Chain()[1];
        Assert.Null(fallback.ApiKey);
        Assert.True(fallback.Prices.IsFree);
        Assert.Equal(0, fallback.MaxTokensPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(30), fallback.Timeout);
        Assert.False(chain.Models[1].Budget.IsLimited);
        Assert.True(chain.Models[0].Budget.IsLimited);
    }

    [Fact]
    public void Fallbacks_configured_by_number_alone_and_in_a_section_read_alike()
    {
        using var byNumber = Build(new()
        {
            ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "ollama",
            ["LLM_1_PROVIDER"] = "anthropic", ["LLM_1_API_KEY"] = FallbackKey, ["LLM_1_MODEL"] = "claude-haiku-4-5", ["LLM_1_TIMEOUT"] = "45s",
            ["LLM_1_PRICE_INPUT_PER_1K"] = "0.001", ["LLM_1_PRICE_OUTPUT_PER_1K"] = "0.005", ["LLM_1_MAX_COST_PER_DAY"] = "2.5",
            ["LLM_2_PROVIDER"] = "lmstudio",
        });
        using var bySection = Build(environment: new() { ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "ollama" }, settings: new()
        {
            ["Llm:Fallbacks:0:Provider"] = "anthropic", ["Llm:Fallbacks:0:ApiKey"] = FallbackKey, ["Llm:Fallbacks:0:Model"] = "claude-haiku-4-5",
            ["Llm:Fallbacks:0:Timeout"] = "00:00:45", ["Llm:Fallbacks:0:PriceInputPer1k"] = "0.001", ["Llm:Fallbacks:0:PriceOutputPer1k"] = "0.005",
            ["Llm:Fallbacks:0:MaxCostPerDay"] = "2.5", ["Llm:Fallbacks:1:Provider"] = "lmstudio",
        });

        foreach (var services in new[] { byNumber, bySection })
        {
            var chain = services.GetRequiredService<IOptions<LlmOptions>>().Value.Chain();
            Assert.Equal(["ollama", "anthropic", "lmstudio"], chain.Select(o => o.ProviderName));
            Assert.Equal(FallbackKey, chain[1].ApiKey);
            Assert.Equal(TimeSpan.FromSeconds(45), chain[1].Timeout);
            Assert.Equal(new LlmPrices(0.001, 0.005), chain[1].Prices);
            Assert.Equal(2.5, chain[1].MaxCostPerDay);
            Assert.Null(chain[2].ApiKey);
            Assert.Equal(3, Assert.IsType<LlmChain>(services.GetRequiredService<IAlertClassifier>()).Models.Count);
        }
    }

    [Fact]
    public void The_chain_sends_every_model_the_primarys_prompt_and_redaction()
    {
        using var services = Build(new()
        {
            ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "lmstudio", ["LLM_PROMPT_VERSION"] = "p9", ["LLM_REDACTION_PATTERNS"] = "secret-[0-9]+",
            ["LLM_PROTECT_CRITICAL"] = "false", ["LLM_FALLBACK_PROVIDERS"] = "ollama",
        });

        var fallback = services.GetRequiredService<IOptions<LlmOptions>>().Value.Chain()[1];
        Assert.Equal("p9", fallback.PromptVersion);
        Assert.Equal("secret-[0-9]+", fallback.RedactionPatterns);
        Assert.False(fallback.ProtectCritical);
        Assert.StartsWith("ollama/llama3.1/p9/", Assert.IsType<LlmChain>(services.GetRequiredService<IAlertClassifier>()).Models[1].CacheNamespace, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_fallbacks_the_primary_answers_alone()
    {
        using var services = Build(new() { ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "ollama" });
        Assert.IsType<LlmClassifier>(services.GetRequiredService<IAlertClassifier>());
        Assert.Null(services.GetService<LlmChain>());
    }

    [Theory]
    [InlineData("LLM_FALLBACK_PROVIDERS=anthropic", "LLM_1_API_KEY is required for LLM_1_PROVIDER=anthropic")]
    [InlineData("LLM_FALLBACK_PROVIDERS=ollama,chatgpt", "LLM_FALLBACK_PROVIDERS: 'chatgpt' is not a provider")]
    [InlineData("LLM_FALLBACK_PROVIDERS=ollama;LLM_3_MODEL=x", "LLM_2_PROVIDER is not set")]
    [InlineData("LLM_1_MODEL=llama3.1", "LLM_1_PROVIDER is not set")]
    [InlineData("LLM_FALLBACK_PROVIDERS=ollama;LLM_1_PROVIDER=lmstudio", "LLM_1_PROVIDER 'lmstudio' disagrees with LLM_FALLBACK_PROVIDERS")]
    [InlineData("LLM_1_PROVIDER=ollama;LLM_1_TIMEOUT=20m", "LLM_1_TIMEOUT must be between")]
    [InlineData("LLM_1_PROVIDER=ollama;LLM_1_BASE_URL=not a url", "LLM_1_BASE_URL is not an absolute")]
    [InlineData("LLM_1_PROVIDER=openai-compatible", "LLM_1_BASE_URL is required for LLM_1_PROVIDER=openai-compatible")]
    [InlineData("LLM_1_PROVIDER=ollama;LLM_1_REDACTION=false", "LLM_1_REDACTION cannot be set per model")]
    [InlineData("LLM_1_PROVIDER=ollama;LLM_1_PROMPT_TEMPLATE_FILE=/tmp/x", "LLM_1_PROMPT_TEMPLATE_FILE cannot be set per model")]
    [InlineData("LLM_0_MODEL=x", "LLM_0_* is not a fallback")]
    [InlineData("LLM_10_PROVIDER=ollama", "at most 9 fallbacks")]
    [InlineData("LLM_PRICE_INPUT_PER_1K=-1", "LLM_PRICE_INPUT_PER_1K must be 0 or more")]
    [InlineData("LLM_MAX_COST_PER_HOUR=5", "LLM_MAX_COST_PER_HOUR and LLM_MAX_COST_PER_DAY need a price")]
    [InlineData("LLM_1_PROVIDER=ollama;LLM_1_MAX_COST_PER_DAY=1", "LLM_1_MAX_COST_PER_HOUR and LLM_1_MAX_COST_PER_DAY need a price: set LLM_1_PRICE_INPUT_PER_1K")]
    [InlineData("LLM_1_PROVIDER=ollama;LLM_1_PRICE_OUTPUT_PER_1K=-0.5", "LLM_1_PRICE_OUTPUT_PER_1K must be 0 or more")]
    public void Invalid_chain_settings_fail_naming_the_variable(string variables, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["LLM_ENABLED"] = "true", ["LLM_PROVIDER"] = "openai-compatible", ["LLM_BASE_URL"] = "http://vllm:8000/v1",
            ["LLM_API_KEY"] = Classifiers.Key, ["LLM_1_API_KEY"] = FallbackKey,
        };
        foreach (var pair in variables.Split(';'))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            environment[name] = value;
        }
        if (expected.StartsWith("LLM_1_API_KEY", StringComparison.Ordinal))
        {
            environment.Remove("LLM_1_API_KEY");
        }

        var error = Assert.Throws<OptionsValidationException>(() => Build(environment));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        // However a setting is wrong, no key is quoted back.
        Assert.DoesNotContain(Classifiers.Key[8..], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FallbackKey[8..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_model_off_no_fallback_setting_is_read()
    {
        using var services = Build(new() { ["LLM_ENABLED"] = "false", ["LLM_FALLBACK_PROVIDERS"] = "nonsense", ["LLM_1_PROVIDER"] = "nonsense" });
        Assert.Null(services.GetService<IAlertClassifier>());
    }

    [Theory]
    [InlineData("LLM_1_PROVIDER", "Llm:Fallbacks:0:Provider")]
    [InlineData("LLM_2_PRICE_INPUT_PER_1K", "Llm:Fallbacks:1:PriceInputPer1k")]
    [InlineData("LLM_9_MAX_COST_PER_DAY", "Llm:Fallbacks:8:MaxCostPerDay")]
    [InlineData("LLM_FALLBACK_PROVIDERS", "Llm:FallbackProviders")]
    [InlineData("LLM_PRICE_OUTPUT_PER_1K", "Llm:PriceOutputPer1k")]
    [InlineData("LLM_CACHE_L1_SIZE", "Llm:CacheL1Size")]
    public void Numbered_variables_map_onto_the_fallbacks_section(string variable, string key)
    {
        Assert.Equal(key, EnvironmentAliasesSource.ToConfigurationKey(variable));
    }

    private static ServiceProvider Build(Dictionary<string, string?> environment, Dictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        FlexibleTimeSpanConverter.Register();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        ((IConfigurationBuilder)builder.Configuration).Add(new EnvironmentAliasesSource { Variables = new Hashtable(environment) });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IEnrichmentMetrics>(new RecordingMetrics());
        builder.AddEnrichmentLlm();
        return builder.Services.BuildServiceProvider();
    }
}
