using Enrichment.Core.Incidents;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

public class AlertFactsReaderTests
{
    [Theory]
    [InlineData("node-7", "node-7")]
    [InlineData("node-7.prod.internal:9100", "node-7")]
    [InlineData("NODE-7:9100", "node-7")]
    [InlineData("10.1.2.3:9100", "10.1.2.3")]
    [InlineData("[fe80::1]:9100", "fe80::1")]
    [InlineData("http://cart.shop.svc:8080/healthz", null)]
    [InlineData("", null)]
    public void Host_names_are_normalised_so_a_node_label_meets_an_instance(string value, string? expected) =>
        Assert.Equal(expected, AlertFactsReader.NormalizeHost(value));

    [Theory]
    [InlineData("cart-7d9f8b6c4-x2x9z", "cart")]
    [InlineData("checkout-api-5f7b9c6d8-m2k4p", "checkout-api")]
    [InlineData("search-api-6f7d8c9b5-24567", "search-api")]
    [InlineData("postgres-0", "postgres")]
    [InlineData("fluentd-x2x9z", "fluentd")]
    [InlineData("standalone", "standalone")]
    public void A_pods_workload_is_read_from_its_name(string pod, string workload) =>
        Assert.Equal(workload, AlertFactsReader.PodWorkload(pod));

    [Fact]
    public void A_node_alert_is_an_outage_on_its_host()
    {
        var facts = Facts(NodeNotReady("node-7"), "orchestration");
        Assert.True(facts.Profile.Has(AlertKinds.Host));
        Assert.True(facts.Profile.Has(AlertKinds.HostOutage));
        Assert.Equal(["node-7"], facts.Profile.Hosts);
        Assert.True(facts.HostsExplicit);
    }

    [Fact]
    public void A_pod_alert_is_on_its_node_and_about_its_workload_but_is_no_host_alert()
    {
        var facts = Facts(PodNotReady("shop", "cart-7d9f8b6c4-x2x9z", "node-7"), "orchestration");
        Assert.True(facts.Profile.Has(AlertKinds.Pod));
        Assert.False(facts.Profile.Has(AlertKinds.Host));
        Assert.Equal(["node-7"], facts.Profile.Hosts);
        Assert.Equal(["prod|shop|cart"], facts.Profile.Workloads);
        Assert.Equal("prod|shop|cart-7d9f8b6c4-x2x9z", facts.PodKey);
    }

    [Fact]
    public void A_database_down_is_a_dependency_and_dns_is_cluster_wide()
    {
        Assert.True(Facts(PostgresDown(), "database").Profile.Has(AlertKinds.Dependency));
        var dns = Facts(Alert("CoreDNS has disappeared", T0, "firing", "absent(up{job=\"coredns\"} == 1)", ("alertname", "CoreDNSDown"), ("namespace", "kube-system"), ("job", "coredns")), "network");
        Assert.True(dns.Profile.Has(AlertKinds.Dependency));
        Assert.True(dns.Profile.Has(AlertKinds.ClusterWide));
    }

    [Fact]
    public void Errors_latency_and_lag_are_effects()
    {
        Assert.True(Facts(Errors("shop", "cart")).Profile.Has(AlertKinds.ErrorOrLatency));
        Assert.True(Facts(Alert("p99 is 3s", ("alertname", "HttpLatencyP99High"), ("service", "cart"))).Profile.Has(AlertKinds.ErrorOrLatency));
        Assert.True(Facts(Alert("lags 12000 messages", ("alertname", "KafkaConsumerLagHigh"), ("service", "enricher"))).Profile.Has(AlertKinds.ErrorOrLatency));
        Assert.False(Facts(Alert("Pod is restarting", ("alertname", "KubePodCrashLooping"), ("namespace", "shop"), ("pod", "cart-0"))).Profile.Has(AlertKinds.ErrorOrLatency));
    }

    [Fact]
    public void A_target_down_is_read_from_the_name_or_the_expression()
    {
        Assert.True(Facts(Alert("targets down", ("alertname", "TargetDown"), ("job", "api"))).Profile.Has(AlertKinds.TargetDown));
        Assert.True(Facts(Alert("gone", T0, "firing", "up{job=\"api\"} == 0", ("alertname", "ApiGone"), ("job", "api"))).Profile.Has(AlertKinds.TargetDown));
        Assert.True(Facts(Alert("no data", T0, "firing", "absent(rate(http_requests_total[5m]))", ("alertname", "ApiQuiet"), ("job", "api"))).Profile.Has(AlertKinds.TargetDown));
    }

    [Fact]
    public void A_rollout_explains_where_missing_replicas_only_report()
    {
        var stuck = Facts(Alert("Rollout is not progressing", ("alertname", "KubeDeploymentRolloutStuck"), ("namespace", "shop"), ("deployment", "checkout")), "orchestration");
        var replicas = Facts(Alert("Replicas mismatch", ("alertname", "KubeDeploymentReplicasMismatch"), ("namespace", "shop"), ("deployment", "checkout")), "orchestration");
        Assert.True(stuck.Profile.Has(AlertKinds.Rollout));
        Assert.True(replicas.Profile.Has(AlertKinds.Workload));
        Assert.False(replicas.Profile.Has(AlertKinds.Rollout));
    }

    [Fact]
    public void A_probe_is_about_the_service_it_probes_not_a_host()
    {
        var facts = Facts(Alert("Probe failed", ("alertname", "BlackboxProbeFailed"), ("job", "blackbox"), ("instance", "http://cart.shop.svc:8080/healthz")), "network");
        Assert.True(facts.Profile.Has(AlertKinds.Probe));
        Assert.Empty(facts.Profile.Hosts);
        Assert.Equal(["prod|shop|cart"], facts.Profile.Workloads);
        Assert.Null(facts.Profile.Instance);
    }

    [Fact]
    public void Exporters_are_not_workloads_and_the_scope_keeps_the_configured_order()
    {
        var facts = Facts(Alert("ksm", ("alertname", "KubeQuotaAlmostFull"), ("namespace", "shop"), ("service", "kube-state-metrics"), ("job", "kube-state-metrics")), "orchestration");
        Assert.Empty(facts.Profile.Workloads);
        Assert.Equal(["cluster=prod", "namespace=shop", "service=kube-state-metrics", "job=kube-state-metrics"], facts.Profile.Scope);
    }

    [Fact]
    public void The_view_is_the_signatures_and_shows_no_host()
    {
        var facts = Facts(NodeNotReady("node-7"));
        Assert.DoesNotContain("node-7", facts.View.Labels.Values);
        Assert.DoesNotContain("node-7", facts.View.Annotations["summary"], StringComparison.Ordinal);
        Assert.Equal(facts.Signature, facts.View.Fingerprint);
    }
}
