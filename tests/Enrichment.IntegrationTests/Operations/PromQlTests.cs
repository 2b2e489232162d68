using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>The name extraction the dashboard and rules checks rest on.</summary>
public class PromQlTests
{
    [Theory]
    [InlineData("histogram_quantile(0.95, sum by (le, http_route) (rate(a_bucket{job=~\"$job\",x=\"by (y)\"}[$__rate_interval])))", "a_bucket")]
    [InlineData("(sum by (job) (rate(b_total{source=\"rules\"}[15m])) / sum by (job) (rate(b_total[15m]))) > 0.5 and on (job) (count by (job) (c_total) > 0)", "b_total,c_total")]
    [InlineData("max by (provider) (d_state) == 2 offset 1h", "d_state")]
    [InlineData("sum without (instance) (delta(e{queue=~\".+_error\"}[15m])) unless f", "e,f")]
    public void Extracts_metric_names_and_nothing_else(string expression, string expected)
    {
        Assert.Equal(expected.Split(','), PromQl.MetricNames(expression).Order(StringComparer.Ordinal));
    }
}
