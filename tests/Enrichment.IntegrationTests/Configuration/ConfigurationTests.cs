using Enrichment.Host.Composition;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.ServiceDefaults.Configuration;

namespace Enrichment.IntegrationTests.Configuration;

public class ConfigurationTests
{
    [Theory]
    [InlineData("LLM_API_KEY", "Llm:ApiKey")]
    [InlineData("LLM_MAX_RETRIES", "Llm:MaxRetries")]
    [InlineData("GATEWAY_MAX_BODY_BYTES", "Gateway:MaxBodyBytes")]
    [InlineData("RABBITMQ_URL", "RabbitMq:Url")]
    [InlineData("ENRICHMENT_MODE", "Enrichment:Mode")]
    [InlineData("NOTIFIER_WEBHOOK_URLS", "Notifier:WebhookUrls")]
    [InlineData("LLM_1_API_KEY", "Llm:Fallbacks:0:ApiKey")]
    [InlineData("LLM_PRICE_INPUT_PER_1K", "Llm:PriceInputPer1k")]
    [InlineData("PATH", null)]
    public void Maps_the_contract_variables_onto_sections(string variable, string? key)
    {
        Assert.Equal(key, EnvironmentAliasesSource.ToConfigurationKey(variable));
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("00:01:30", 90_000)]
    [InlineData("1.5s", 1_500)]
    public void Reads_durations_the_way_the_contract_writes_them(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), FlexibleTimeSpanConverter.Parse(text));
    }

    [Fact]
    public void Refuses_a_duration_it_cannot_read()
    {
        Assert.Throws<FormatException>(() => FlexibleTimeSpanConverter.Parse("soon"));
    }

    [Theory]
    [InlineData(null, true, true, true)]
    [InlineData("all", true, true, true)]
    [InlineData("gateway", true, false, false)]
    [InlineData("worker, notifier", false, true, true)]
    public void Parses_roles(string? value, bool gateway, bool worker, bool notifier)
    {
        Assert.Equal(new EnrichmentRoles(gateway, worker, notifier), EnrichmentRoles.Parse(value));
    }

    [Theory]
    [InlineData("ENRICHMENT_MODE", "smart", "ENRICHMENT_MODE")]
    [InlineData("ENRICHMENT_ROLES", "gateway,cache", "ENRICHMENT_ROLES")]
    [InlineData("RABBITMQ_URL", "http://broker", "RABBITMQ_URL")]
    [InlineData("REDIS_URL", "redis://localhost:6379", "REDIS_URL must be a StackExchange.Redis configuration string")]
    [InlineData("NOTIFIER_WEBHOOK_URLS", "not a url", "NOTIFIER_WEBHOOK_URLS")]
    [InlineData("LLM_CACHE_TTL", "forever", "forever")]
    public async Task Bad_configuration_fails_at_start_naming_the_setting(string variable, string value, string named)
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { [variable] = value }, waitForReady: false);
        Assert.True(await host.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the host started despite " + variable + "=" + value);
        Assert.Contains(host.StderrLines, line => line.Contains(named, StringComparison.Ordinal));
    }
}
