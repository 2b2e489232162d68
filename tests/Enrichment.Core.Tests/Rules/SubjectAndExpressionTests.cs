using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.Core.Tests.Rules;

/// <summary>
/// What an alert is about against the tool that measures it, and the rule's expression as evidence. Made-up
/// alerts, written for these tests: none from the corpus or from the project's own labelled alerts.
/// </summary>
public sealed class SubjectAndExpressionTests
{
    private readonly RuleBasedClassifier _classifier = new();

    [Theory]
    [InlineData("KubeletCertRotationStuck", "kubelet", "kubelet_certificate_manager_client_ttl_seconds < 3600")]
    [InlineData("ApiserverServingCertificateExpiry", "apiserver", "apiserver_client_certificate_expiration_seconds_count > 0")]
    [InlineData("EnvoyListenerCertificateAboutToExpire", "envoy", "envoy_server_days_until_first_cert_expiring < 7")]
    public void A_certificate_is_a_security_matter_whoever_serves_it(string alertName, string job, string expression)
    {
        var result = _classifier.Classify(Alert(alertName, "warning", labels: [L("job", job)], expression: expression));

        Assert.True(result.Category == AlertCategory.Security, result.Reasoning);
        Assert.Contains("a certificate is the subject", result.Reasoning);
    }

    [Fact]
    public void Access_failing_on_a_platform_is_security()
    {
        var result = _classifier.Classify(Alert("KubeAPIUnauthorizedRequestsHigh", "warning", labels: [L("job", "apiserver")],
            expression: """sum(rate(apiserver_request_total{code="401"}[5m])) > 5"""));

        Assert.True(result.Category == AlertCategory.Security, result.Reasoning);
    }

    [Fact]
    public void A_volume_of_a_cluster_is_storage_and_the_platforms_measurement_wins_over_its_owner()
    {
        // The claim belongs to MySQL and the kubelet measures it: the volume is what fills.
        var claim = _classifier.Classify(Alert("MysqlDataClaimNearlyFull", "critical",
            labels: [L("job", "kubelet"), L("persistentvolumeclaim", "data-mysql-primary-0"), L("namespace", "billing")],
            expression: "kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > 0.95"));
        var pod = _classifier.Classify(Alert("KubePodScratchVolumeFull", "warning", labels: [L("job", "kubelet")]));
        // A product's own storage metric stays the product's.
        var own = _classifier.Classify(Alert("MysqlTablespaceDiskUsageHigh", "warning", labels: [L("job", "mysqld-exporter")],
            expression: "mysql_info_schema_table_size / 1e9 > 500"));

        Assert.True(claim.Category == AlertCategory.Storage, claim.Reasoning);
        Assert.Contains("the expression measures a volume", claim.Reasoning);
        Assert.True(pod.Category == AlertCategory.Storage, pod.Reasoning);
        Assert.True(own.Category == AlertCategory.Database, own.Reasoning);
    }

    [Fact]
    public void A_collector_is_the_subject_in_the_alert_name_and_the_measuring_tool_in_the_job()
    {
        var itself = _classifier.Classify(Alert("KubeStateMetricsScrapeErrors", "warning",
            labels: [L("job", "kube-state-metrics"), L("namespace", "monitoring")],
            expression: """rate(kube_state_metrics_list_total{result="error"}[5m]) > 0"""));
        var measured = _classifier.Classify(Alert("DeploymentGenerationStale", "warning",
            labels: [L("job", "kube-state-metrics"), L("deployment", "checkout")],
            expression: "kube_deployment_status_observed_generation != kube_deployment_metadata_generation"));

        Assert.True(itself.Category == AlertCategory.Observability, itself.Reasoning);
        Assert.True(measured.Category == AlertCategory.Orchestration, measured.Reasoning);
    }

    [Fact]
    public void A_collector_named_after_the_platform_is_still_the_subject()
    {
        var result = _classifier.Classify(Alert("KubernetesNodeExporterPodsMissing", "warning", labels: [L("job", "kube-state-metrics")]));

        Assert.True(result.Category == AlertCategory.Observability, result.Reasoning);
        Assert.Contains("a collector of the monitoring stack is the subject", result.Reasoning);
    }

    [Fact]
    public void A_node_exporter_metric_makes_a_network_interface_the_hosts()
    {
        var result = _classifier.Classify(Alert("NodeNicCarrierChanges", "warning",
            summary: "Network interface carrier of the host keeps changing",
            labels: [L("job", "node-exporter"), L("device", "eno1")],
            expression: "changes(node_network_carrier_changes_total[15m]) > 4"));

        Assert.True(result.Category == AlertCategory.Infrastructure, result.Reasoning);
        Assert.Contains("expression 'node_'", result.Reasoning);
    }

    [Fact]
    public void A_service_of_its_own_with_http_errors_is_application_and_an_ingress_stays_network()
    {
        var service = _classifier.Classify(Alert("InvoicingHttp5xxHigh", "critical", summary: "Invoicing answers HTTP 5xx to 4% of requests",
            labels: [L("job", "invoicing"), L("namespace", "finance")],
            expression: """sum(rate(http_server_requests_seconds_count{status=~"5.."}[5m])) / sum(rate(http_server_requests_seconds_count[5m])) > 0.04"""));
        var ingress = _classifier.Classify(Alert("EdgeHttp5xxHigh", "critical", summary: "The edge proxy answers HTTP 5xx",
            labels: [L("job", "traefik")],
            expression: """sum(rate(traefik_service_requests_total{code=~"5.."}[5m])) > 1"""));

        Assert.True(service.Category == AlertCategory.Application, service.Reasoning);
        Assert.True(ingress.Category == AlertCategory.Network, ingress.Reasoning);
    }

    [Fact]
    public void A_job_that_names_no_known_product_is_the_services_own()
    {
        var result = _classifier.Classify(Alert("QuoteEngineSlow", "warning", labels: [L("job", "quote-engine")]));

        Assert.Equal(AlertCategory.Application, result.Category);
        Assert.Contains("job 'quote-engine' names no known product", result.Reasoning);
        Assert.True(result.Confidence > 0.35, "a job of its own is evidence, not the no-evidence default");
    }

    [Fact]
    public void An_acronym_that_is_an_english_word_counts_in_prose_only_in_capitals()
    {
        var signups = _classifier.Classify(Alert("RegistrationFunnelDrop", "warning", summary: "Far fewer sign-ups than last week",
            labels: [L("job", "accounts")]));
        var power = _classifier.Classify(Alert("PowerEventDetected", "critical", summary: "The UPS switched to battery"));

        Assert.True(signups.Category == AlertCategory.Application, signups.Reasoning);
        Assert.True(power.Category == AlertCategory.Infrastructure, power.Reasoning);
    }

    [Fact]
    public void The_longest_known_compound_is_one_word()
    {
        // "load balancer" is a network device, not a load (infrastructure) and a balancer.
        var result = _classifier.Classify(Alert("PoolMembersUnhealthy", "warning", summary: "Load balancer has no healthy pool members"));

        Assert.True(result.Category == AlertCategory.Network, result.Reasoning);
        Assert.Contains("'loadbalancer'", result.Reasoning);
        Assert.DoesNotContain("infrastructure", result.Reasoning);
    }
}
