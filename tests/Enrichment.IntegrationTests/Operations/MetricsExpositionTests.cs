using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>What Prometheus scrapes from each role: valid for promtool, with the contract's metrics.</summary>
[Collection(RunningPipelineFixture.Collection)]
public class MetricsExpositionTests(RunningPipelineFixture pipeline)
{
    /// <summary>The contract's families every role exposes from the start, sampled or not.</summary>
    private static readonly string[] ContractFamilies =
    [
        "enrichment_alerts_received_total", "enrichment_alerts_enriched_total", "enrichment_llm_requests_total",
        "enrichment_llm_tokens_total", "enrichment_cache_lookups_total", "enrichment_circuit_breaker_state",
        "enrichment_classification_duration_seconds", "enrichment_batch_size", "enrichment_notifications_total", "enrichment_llm_cost_total",
    ];

    [Theory]
    [InlineData("gateway")]
    [InlineData("worker")]
    [InlineData("notifier")]
    public async Task Each_role_metrics_pass_promtool_check_metrics(string role)
    {
        var result = await ExternalTool.RunAsync("promtool", ["check", "metrics"], stdin: pipeline.Scrapes[role]);
        // promtool exits 1 on a parse error and 3 on lint problems, printing each.
        Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0, $"promtool on {role}: exit {result.ExitCode}\n{result.Output}");
    }

    [Theory]
    [InlineData("gateway", new[] { "enrichment_alerts_received_total", "masstransit_messaging_masstransit_send", "microsoft_aspnetcore_hosting_http_server_request_duration_bucket" })]
    [InlineData("worker", new[] { "enrichment_alerts_enriched_total", "enrichment_batch_size_bucket", "enrichment_classification_duration_seconds_bucket", "masstransit_messaging_masstransit_consume", "masstransit_messaging_masstransit_send" })]
    [InlineData("notifier", new[] { "enrichment_notifications_total", "masstransit_messaging_masstransit_consume", "masstransit_messaging_masstransit_consume_errors", "masstransit_messaging_masstransit_consume_retries" })]
    public void Each_role_exposes_the_contract_families_and_samples_what_its_traffic_recorded(string role, string[] sampled)
    {
        var scrape = pipeline.Scrapes[role];
        var families = PrometheusExposition.Names(scrape);
        Assert.All(ContractFamilies, f => Assert.Contains(f, families));
        var withSamples = PrometheusExposition.SampledNames(scrape);
        Assert.All(sampled, name => Assert.Contains(name, withSamples));
    }

    [Fact]
    public void The_samples_count_what_happened()
    {
        var gateway = pipeline.Scrapes["gateway"];
        Assert.Contains("enrichment_alerts_received_total{route=\"webhook\"} 5", gateway, StringComparison.Ordinal);
        Assert.Contains("enrichment_alerts_received_total{route=\"api_v2\"} 1", gateway, StringComparison.Ordinal);
        var worker = pipeline.Scrapes["worker"];
        Assert.Contains("enrichment_alerts_enriched_total{mode=\"enriched\",source=\"rules\"} 6", worker, StringComparison.Ordinal);
        var notifier = pipeline.Scrapes["notifier"];
        Assert.Contains("enrichment_notifications_total{notifier=\"webhook\",outcome=\"success\"} 6", notifier, StringComparison.Ordinal);
        // Six events, each tried twice (first attempt and one retry) on the failing target.
        Assert.Contains("enrichment_notifications_total{notifier=\"webhook\",outcome=\"failure\"} 12", notifier, StringComparison.Ordinal);
    }
}
