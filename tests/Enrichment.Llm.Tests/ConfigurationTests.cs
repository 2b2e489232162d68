using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm.Tests;

/// <summary>Bad configuration fails at start with the variable's name; LLM_ENABLED=false registers nothing.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("openai", null, null, "LLM_API_KEY")]
    [InlineData("anthropic", null, null, "LLM_API_KEY")]
    [InlineData("google", null, null, "LLM_API_KEY")]
    [InlineData("chatgpt", "k", null, "LLM_PROVIDER")]
    [InlineData("openai", "k", "not a url", "LLM_BASE_URL")]
    [InlineData("ollama", null, "ftp://localhost:11434", "LLM_BASE_URL")]
    [InlineData("openai-compatible", null, null, "LLM_BASE_URL")]
    public void Invalid_settings_fail_naming_the_variable(string provider, string? key, string? baseUrl, string variable)
    {
        // While the worker composes: a process with a bad model setting never starts.
        var error = Assert.Throws<OptionsValidationException>(() =>
            Build(new() { ["Llm:Enabled"] = "true", ["Llm:Provider"] = provider, ["Llm:ApiKey"] = key, ["Llm:BaseUrl"] = baseUrl }));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_providers_need_no_key_and_get_their_defaults()
    {
        using var services = Build(new() { ["Llm:Enabled"] = "true", ["Llm:Provider"] = "ollama" });
        var classifier = Assert.IsType<LlmClassifier>(services.GetRequiredService<IAlertClassifier>());
        Assert.Equal("ollama/llama3.1/p2/" + LlmCacheNamespace.EndpointId(new Uri("http://localhost:11434")), classifier.CacheNamespace);
        Assert.Equal(new Uri("http://localhost:11434"), services.GetRequiredService<IOptions<LlmOptions>>().Value.ResolveBaseUrl());
    }

    [Fact]
    public void Disabled_registers_no_classifier()
    {
        using var services = Build(new() { ["Llm:Enabled"] = "false", ["Llm:Provider"] = "nonsense" });
        Assert.Null(services.GetService<IAlertClassifier>());
    }

    [Fact]
    public void A_template_file_changes_the_prompt_version()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "Classify. Categories: {{categories}}. Schema: {{schema}}");
            using var services = Build(new() { ["Llm:Enabled"] = "true", ["Llm:Provider"] = "lmstudio", ["Llm:PromptTemplateFile"] = file });
            var first = ((LlmClassifier)services.GetRequiredService<IAlertClassifier>()).CacheNamespace;
            File.WriteAllText(file, "Classify differently. {{schema}}");
            using var again = Build(new() { ["Llm:Enabled"] = "true", ["Llm:Provider"] = "lmstudio", ["Llm:PromptTemplateFile"] = file });
            var second = ((LlmClassifier)again.GetRequiredService<IAlertClassifier>()).CacheNamespace;
            using var pinned = Build(new() { ["Llm:Enabled"] = "true", ["Llm:Provider"] = "lmstudio", ["Llm:PromptTemplateFile"] = file, ["Llm:PromptVersion"] = "p7" });

            Assert.StartsWith("lmstudio/local-model/t", first, StringComparison.Ordinal);
            Assert.NotEqual(first, second);
            Assert.StartsWith("lmstudio/local-model/p7/", ((LlmClassifier)pinned.GetRequiredService<IAlertClassifier>()).CacheNamespace, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Two_servers_with_one_model_name_never_share_answers()
    {
        string Namespace(string baseUrl)
        {
            using var services = Build(new() { ["Llm:Enabled"] = "true", ["Llm:Provider"] = "openai-compatible", ["Llm:Model"] = "llama3", ["Llm:BaseUrl"] = baseUrl });
            return ((LlmClassifier)services.GetRequiredService<IAlertClassifier>()).CacheNamespace;
        }

        var vllm = Namespace("http://vllm.internal:8000/v1");
        Assert.StartsWith("openai-compatible/llama3/p2/", vllm, StringComparison.Ordinal);
        Assert.NotEqual(vllm, Namespace("http://litellm.internal:4000/v1"));
        Assert.NotEqual(vllm, Namespace("http://vllm.internal:8001/v1"));
        Assert.NotEqual(vllm, Namespace("http://vllm.internal:8000/other/v1"));
        // One server however it is written; another key in the URL is still the same server.
        Assert.Equal(vllm, Namespace("http://VLLM.internal:8000/v1/"));
        Assert.Equal(vllm, Namespace("http://user:secret@vllm.internal:8000/v1?key=abc"));
        Assert.DoesNotContain("vllm", vllm, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", Namespace("http://user:secret@vllm.internal:8000/v1"), StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IEnrichmentMetrics>(new RecordingMetrics());
        builder.AddEnrichmentLlm();
        return builder.Services.BuildServiceProvider();
    }
}
