using Enrichment.Core.Rules;

namespace Enrichment.Core.Tests.Rules;

public sealed class ExpressionMetricsTests
{
    [Theory]
    [InlineData("up == 0", "up")]
    [InlineData("""sum by (job) (rate(http_requests_total{code=~"5..", job="api"}[5m])) / on(job) group_left sum(rate(http_requests_total[5m])) > 0.05""", "http_requests_total")]
    [InlineData("""predict_linear(kubelet_volume_stats_available_bytes{persistentvolumeclaim=~"elasticsearch-data-.*"}[12h], 2 * 86400) < 0""", "kubelet_volume_stats_available_bytes")]
    [InlineData("""sum(namespace_cpu:kube_pod_container_resource_requests:sum) - (sum(kube_node_status_allocatable{resource="cpu"}) - max(kube_node_status_allocatable{resource="cpu"})) > 0""", "kube_pod_container_resource_requests kube_node_status_allocatable")]
    [InlineData("""histogram_quantile(0.99, sum without (instance) (rate(apiserver_request_duration_seconds_bucket{verb!~"WATCH|CONNECT"}[5m]))) > 1 unless absent(foo offset 1h)""", "apiserver_request_duration_seconds_bucket foo")]
    [InlineData("""count by (release) (node_uname_info) > 1 and ON() vector(1)""", "node_uname_info")]
    [InlineData("""max_over_time(alertmanager_config_last_reload_successful{job="am", text="a (b) c"}[5m]) == 0""", "alertmanager_config_last_reload_successful")]
    [InlineData("""time() - push_time_seconds{job='backup'} > 86400 # a comment with metric_name_in_it""", "push_time_seconds")]
    [InlineData("", "")]
    [InlineData("}}}{{{[[((\"unterminated", "")]
    public void Finds_the_metric_names_and_nothing_else(string expression, string expected)
    {
        Span<Range> ranges = stackalloc Range[ExpressionMetrics.MaxMetrics];
        var count = ExpressionMetrics.Find(expression, ranges);
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            names.Add(expression[ranges[i]]);
        }

        Assert.Equal(expected, string.Join(' ', names));
    }
}
