using Enrichment.Core.Incidents;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

public class IncidentRulesTests
{
    private static LinkProfile P(Enrichment.Contracts.AlertData alert, string? category = null) => Facts(alert, category).Profile;

    [Fact]
    public void A_node_explains_the_pods_on_it_and_not_those_elsewhere()
    {
        var node = P(NodeNotReady("node-7"), "orchestration");
        Assert.True(IncidentRules.Explains(node, P(PodNotReady("shop", "cart-7d9f8b6c4-x2x9z", "node-7"))));
        Assert.False(IncidentRules.Explains(node, P(PodNotReady("shop", "cart-7d9f8b6c4-x2x9y", "node-8"))));
        Assert.False(IncidentRules.Explains(P(PodNotReady("shop", "cart-7d9f8b6c4-x2x9z", "node-7")), node));
    }

    [Fact]
    public void A_database_down_explains_errors_in_its_namespace_only()
    {
        var db = P(PostgresDown("payments"), "database");
        Assert.True(IncidentRules.Explains(db, P(Errors("payments", "ledger"))));
        Assert.False(IncidentRules.Explains(db, P(Errors("shop", "cart"))));
        Assert.Equal(LinkStrength.Explains, IncidentRules.Link(P(Errors("payments", "ledger")), db));
    }

    [Fact]
    public void A_target_down_explains_the_alerts_of_that_target()
    {
        var down = P(Alert("down", ("alertname", "TargetDown"), ("job", "api"), ("instance", "10.0.0.5:8080")));
        Assert.True(IncidentRules.Explains(down, P(Alert("burn unknown", ("alertname", "ApiBurnRateUnknown"), ("job", "api"), ("instance", "10.0.0.5:8080")))));
        Assert.False(IncidentRules.Explains(down, P(Alert("burn unknown", ("alertname", "ApiBurnRateUnknown"), ("job", "api"), ("instance", "10.0.0.6:8080")))));
    }

    [Fact]
    public void A_zone_explains_what_is_in_it()
    {
        var zone = P(Alert("partition", ("alertname", "ZoneNetworkPartition"), ("zone", "b")), "network");
        Assert.True(IncidentRules.Explains(zone, P(Alert("unreachable", ("alertname", "KubeNodeUnreachable"), ("node", "n1"), ("zone", "b")), "orchestration")));
        Assert.False(IncidentRules.Explains(zone, P(Alert("unreachable", ("alertname", "KubeNodeUnreachable"), ("node", "n2"), ("zone", "a")), "orchestration")));
    }

    [Fact]
    public void Two_alerts_of_one_node_are_one_cause_and_an_outage_explains_strain()
    {
        var down = P(NodeNotReady("node-3"), "orchestration");
        var clock = P(Alert("clock", ("alertname", "NodeClockNotSynchronising"), ("instance", "node-3:9100"), ("job", "node-exporter")), "infrastructure");
        Assert.True(IncidentRules.SameCause(down, clock));
        Assert.True(IncidentRules.Explains(down, clock));
        Assert.False(IncidentRules.Explains(clock, down));
    }

    [Fact]
    public void Equal_scopes_link_unless_both_are_on_different_hosts()
    {
        var a = P(Alert("cpu", ("alertname", "HostHighCpuLoad"), ("instance", "host-1:9100"), ("job", "node")), "infrastructure");
        var b = P(Alert("cpu", ("alertname", "HostHighCpuLoad"), ("instance", "host-2:9100"), ("job", "node")), "infrastructure");
        var quota = P(Alert("quota", ("alertname", "KubeQuotaAlmostFull"), ("namespace", "shop"), ("job", "kube-state-metrics")));
        var quota2 = P(Alert("quota", ("alertname", "KubeQuotaExceeded"), ("namespace", "shop"), ("job", "kube-state-metrics")));
        Assert.Equal(LinkStrength.None, IncidentRules.Link(a, b));
        Assert.Equal(LinkStrength.Scope, IncidentRules.Link(quota, quota2));
    }
}
