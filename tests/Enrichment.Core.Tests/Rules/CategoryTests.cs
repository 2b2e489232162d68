using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.Core.Tests.Rules;

/// <summary>Made-up alerts, none of them from the corpus: the vocabulary must generalise.</summary>
public sealed class CategoryTests
{
    private readonly RuleBasedClassifier _classifier = new();

    [Theory]
    [InlineData("OrdersDbReplicationLagHigh", "orders-postgres", "Replication lag on the orders database is 45s", AlertCategory.Database)]
    [InlineData("SessionCacheEvictionsHigh", "redis-sessions", "Redis is evicting keys", AlertCategory.Database)]
    [InlineData("KafkaUnderReplicatedPartitions", "kafka-brokers", "Broker 3 has under-replicated partitions", AlertCategory.Messaging)]
    [InlineData("OrderEventsQueueBacklog", "rabbitmq", "Queue order-events has 50k messages ready", AlertCategory.Messaging)]
    [InlineData("KubeDeploymentReplicasMismatch", "kube-state-metrics", "Deployment checkout has not matched the expected number of replicas", AlertCategory.Orchestration)]
    [InlineData("PodCrashLooping", "kubelet", "Pod payments/api-7d9 is crash looping", AlertCategory.Orchestration)]
    [InlineData("IngressHigh5xxRate", "ingress-nginx", "More than 5% of requests through the ingress return 5xx", AlertCategory.Network)]
    [InlineData("DnsResolutionFailing", "blackbox", "DNS probe for api.example.com fails", AlertCategory.Network)]
    [InlineData("TlsCertificateExpiresSoon", "cert-checker", "The TLS certificate for shop.example.com expires in 6 days", AlertCategory.Security)]
    [InlineData("SshBruteForceDetected", "auth-logs", "Many failed SSH logins from one address", AlertCategory.Security)]
    [InlineData("ZpoolDegraded", "zfs", "Pool tank is degraded", AlertCategory.Storage)]
    [InlineData("NodeFilesystemAlmostOutOfSpace", "node-exporter", "Filesystem on /var has 3% space left", AlertCategory.Storage)]
    [InlineData("CheckoutApiErrorBudgetBurn", "checkout-api", "The checkout API is burning its error budget 14x too fast", AlertCategory.Application)]
    [InlineData("JavaHeapNearlyFull", "billing-service", "JVM heap usage above 95%, GC is thrashing", AlertCategory.Application)]
    [InlineData("TempoIngesterUnhealthy", "tempo", "Tempo ingester is unhealthy", AlertCategory.Observability)]
    [InlineData("LokiRequestErrors", "loki", "Loki is returning errors on /loki/api/v1/push", AlertCategory.Observability)]
    [InlineData("TektonPipelineRunFailed", "tekton-pipelines", "PipelineRun release-42 failed", AlertCategory.Cicd)]
    [InlineData("FluxKustomizationNotReady", "flux-system", "GitOps reconciliation of apps is failing", AlertCategory.Cicd)]
    [InlineData("ServerFanFailure", "ipmi", "Fan 3 on rack12-node4 reports 0 RPM", AlertCategory.Infrastructure)]
    [InlineData("HostHighCpuLoad", "node-exporter", "CPU load above 90% for 15 minutes", AlertCategory.Infrastructure)]
    public void Made_up_alerts_land_in_their_category(string alertName, string job, string summary, AlertCategory expected)
    {
        var result = _classifier.Classify(Alert(alertName, "warning", summary: summary, labels: [L("job", job), L("instance", "10.0.0.7:9100")]));

        Assert.True(expected == result.Category, $"{alertName}: expected {expected}, got {result.Category} — {result.Reasoning}");
        Assert.InRange(result.Confidence, 0.35, 0.95);
        Assert.Contains(expected.ToWire(), result.Reasoning);
    }

    [Fact]
    public void The_product_named_by_the_alert_outweighs_generic_symptoms()
    {
        // Disk words, but the subject is the search engine.
        var result = _classifier.Classify(Alert("ElasticsearchDiskWatermarkHigh", "warning", summary: "Disk usage above the high watermark"));

        Assert.Equal(AlertCategory.Database, result.Category);
    }

    [Fact]
    public void Reasoning_names_the_evidence()
    {
        var result = _classifier.Classify(Alert("PostgresqlReplicationLag", "warning", labels: [L("job", "postgres-exporter")]));

        Assert.Equal(AlertCategory.Database, result.Category);
        Assert.Contains("alertname tokens 'postgresql'", result.Reasoning);
        Assert.Contains("'replication'", result.Reasoning);
        Assert.Contains("→ database", result.Reasoning);
    }

    [Fact]
    public void Confidence_grows_with_unopposed_evidence()
    {
        var clear = _classifier.Classify(Alert("MySQLReplicationBroken", "critical", summary: "MySQL replication is broken",
            description: "The MySQL replica stopped applying the binlog", labels: [L("job", "mysqld-exporter")]));
        var mixed = _classifier.Classify(Alert("HostNetworkInterfaceSaturated", "warning"));

        Assert.True(clear.Confidence > mixed.Confidence, $"{clear.Confidence} vs {mixed.Confidence}");
        Assert.InRange(clear.Confidence, 0.8, 0.95);
    }

    [Fact]
    public void Labels_carry_evidence_when_the_name_does_not()
    {
        var result = _classifier.Classify(Alert("HighErrorRate", "warning", labels: [L("container", "kafka-broker"), L("topic", "orders")]));

        Assert.Equal(AlertCategory.Messaging, result.Category);
    }

    [Fact]
    public void Template_expressions_are_not_evidence()
    {
        // "{{ $labels.database }}" must not make this a database alert.
        var result = _classifier.Classify(Alert("CheckoutLatencyHigh", "warning",
            description: "p99 latency of {{ $labels.database }} callers is {{ $value }}s"));

        Assert.Equal(AlertCategory.Application, result.Category);
    }

    [Fact]
    public void An_alert_without_known_words_gets_the_default_with_low_confidence()
    {
        var result = _classifier.Classify(Alert("FrobnicatorWobbly", "warning"));

        Assert.Equal(AlertCategory.Application, result.Category);
        Assert.True(result.Confidence < 0.35);
        Assert.Contains("no known words", result.Reasoning);
    }
}
