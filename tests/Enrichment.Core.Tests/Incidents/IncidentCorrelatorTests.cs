using Enrichment.Contracts;
using Enrichment.Core.Incidents;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

public class IncidentCorrelatorTests
{
    private static readonly IncidentOptions Options = new() { UpdateDelay = TimeSpan.FromSeconds(10) };

    private static IReadOnlyList<IncidentRef?> Apply(IncidentBook book, DateTimeOffset now, params AlertData[] alerts) =>
        new IncidentCorrelator(Options).Apply(book, alerts.Select(a => Facts(a)).ToList(), now);

    private static IReadOnlyList<IncidentRef?> Apply(IncidentCorrelator correlator, IncidentBook book, DateTimeOffset now, string? groupKey, params AlertData[] alerts) =>
        correlator.Apply(book, alerts.Select(a => Facts(a, groupKey: groupKey)).ToList(), now);

    private static AlertData[] NodeStorm(string node, int pods, DateTimeOffset? at = null)
    {
        var start = at ?? T0;
        return [NodeNotReady(node, start), .. Enumerable.Range(0, pods).Select(i => PodNotReady(i % 2 == 0 ? "shop" : "search", $"app{i}-7d9f8b6c4-x{i:0000}", node, start.AddSeconds(20)))];
    }

    [Fact]
    public void A_node_storm_is_one_incident_with_the_node_as_root_and_the_pods_as_symptoms()
    {
        var book = new IncidentBook();
        var storm = NodeStorm("node-7", 12);

        var refs = Apply(book, T0, storm);

        var incident = Assert.Single(book.Incidents);
        Assert.All(refs, r => Assert.Equal(incident.Id, r!.Id));
        Assert.Equal("root", refs[0]!.Role);
        Assert.All(refs.Skip(1), r => Assert.Equal("symptom", r!.Role));
        Assert.All(refs, r => Assert.Equal(13, r!.Size));
        Assert.Equal(storm[0].Fingerprint, incident.Root);
        Assert.Equal("evidence", incident.RootBasis);
        Assert.Equal(storm[0], incident.RootAlert);
        Assert.Equal(["opened"], incident.Pending.Keys);
        Assert.Equal(T0 + Options.UpdateDelay, incident.PublishDueAt);
        Assert.True(incident.DigestWanted);
    }

    [Fact]
    public void The_node_arriving_after_its_pods_joins_their_incident_and_becomes_root_while_the_pods_keep_their_role()
    {
        var book = new IncidentBook();
        var correlator = new IncidentCorrelator(Options);
        var storm = NodeStorm("node-7", 6);

        var pods = Apply(correlator, book, T0, null, storm[1..]);
        var node = Apply(correlator, book, T0.AddSeconds(30), null, storm[0]);
        var resent = Apply(correlator, book, T0.AddMinutes(4), null, storm[1]);

        var incident = Assert.Single(book.Incidents);
        Assert.Equal(incident.Id, node[0]!.Id);
        Assert.Equal("root", node[0]!.Role);
        Assert.Equal(storm[0].Fingerprint, incident.Root);
        Assert.Contains("root_changed", incident.Pending.Keys);
        Assert.Contains("grown", incident.Pending.Keys);
        // Decided when it first fired, kept while it fires: the label set under Alertmanager does not change.
        Assert.Equal(pods[0]!.Role, resent[0]!.Role);
        Assert.Equal(pods[0]!.Id, resent[0]!.Id);
    }

    [Fact]
    public void Unrelated_alerts_are_separate_incidents()
    {
        var book = new IncidentBook();
        var refs = Apply(book, T0, NodeNotReady("node-1"), PostgresDown("payments"), Errors("shop", "cart"));
        Assert.Equal(3, refs.Select(r => r!.Id).Distinct().Count());
        Assert.All(refs, r => Assert.Equal("root", r!.Role));
    }

    [Fact]
    public void A_related_alert_outside_the_window_opens_a_new_incident_unless_it_came_in_the_same_notification()
    {
        var correlator = new IncidentCorrelator(Options);
        var late = PodNotReady("shop", "cart-7d9f8b6c4-x0001", "node-7", T0 + Options.Window + TimeSpan.FromMinutes(1));

        var book = new IncidentBook();
        Apply(correlator, book, T0, "{}:{a}", NodeNotReady("node-7"));
        Apply(correlator, book, T0.AddMinutes(7), "{}:{b}", late);
        Assert.Equal(2, book.Incidents.Count);

        var grouped = new IncidentBook();
        Apply(correlator, grouped, T0, "{}:{a}", NodeNotReady("node-7"));
        Apply(correlator, grouped, T0.AddMinutes(7), "{}:{a}", late);
        Assert.Single(grouped.Incidents);
    }

    [Fact]
    public void A_database_down_gathers_the_errors_of_its_namespace_and_not_of_others()
    {
        var book = new IncidentBook();
        var refs = Apply(book, T0, PostgresDown("payments"), Errors("payments", "ledger"), Errors("payments", "billing"), Errors("shop", "cart"));
        Assert.Equal(refs[0]!.Id, refs[1]!.Id);
        Assert.Equal(refs[0]!.Id, refs[2]!.Id);
        Assert.NotEqual(refs[0]!.Id, refs[3]!.Id);
        Assert.Equal(["root", "symptom", "symptom"], refs.Take(3).Select(r => r!.Role));
    }

    [Fact]
    public void A_pod_alert_without_a_node_is_placed_on_the_node_learned_from_another_alert_of_that_pod()
    {
        var book = new IncidentBook();
        var correlator = new IncidentCorrelator(Options);
        Apply(correlator, book, T0, null, PodNotReady("shop", "cart-7d9f8b6c4-x0001", "node-7"));
        var waiting = Alert("container waiting", T0.AddMinutes(1), "firing", null, ("alertname", "KubeContainerWaiting"), ("namespace", "ledger"),
            ("pod", "cart-7d9f8b6c4-x0001"), ("container", "other"), ("job", "kube-state-metrics")) with { };
        var sameNamespace = waiting with { Labels = new Dictionary<string, string>(waiting.Labels) { ["namespace"] = "shop" } };
        var node = Apply(correlator, book, T0.AddMinutes(1), null, NodeNotReady("node-7", T0.AddMinutes(1)));
        var refs = Apply(correlator, book, T0.AddMinutes(2), null, sameNamespace with { Fingerprint = "00000000000000aa" });

        Assert.Equal("prod|shop|cart-7d9f8b6c4-x0001", Assert.Single(book.PodHosts).Key);
        Assert.Equal(node[0]!.Id, refs[0]!.Id);
        Assert.Equal("symptom", refs[0]!.Role);
    }

    [Fact]
    public void An_incident_waits_out_its_grace_once_every_member_resolved_and_a_relapse_keeps_it_open()
    {
        var options = new IncidentOptions { ResolveGrace = TimeSpan.FromMinutes(5) };
        var correlator = new IncidentCorrelator(options);
        var maintenance = new IncidentMaintenance(options, correlator, Enrichment.Core.Alerts.AlertSignature.DefaultIgnoredLabels);
        var book = new IncidentBook();
        var storm = NodeStorm("node-7", 2);
        Apply(correlator, book, T0, null, storm);
        var incident = book.Incidents[0];

        Apply(correlator, book, T0.AddMinutes(10), null, Resolved(storm[0]), Resolved(storm[1]));
        Assert.Null(incident.QuietSince);
        var resolved = Apply(correlator, book, T0.AddMinutes(11), null, Resolved(storm[2]));
        Assert.Equal(incident.Id, resolved[0]!.Id);
        Assert.Equal(T0.AddMinutes(11), incident.QuietSince);

        // Fires again within the grace: back in, the incident stays open.
        Apply(correlator, book, T0.AddMinutes(13), null, storm[1]);
        maintenance.Sweep(book, T0.AddMinutes(17));
        Assert.True(incident.IsOpen);

        Apply(correlator, book, T0.AddMinutes(18), null, Resolved(storm[1]));
        maintenance.Sweep(book, T0.AddMinutes(22));
        Assert.True(incident.IsOpen);
        maintenance.Sweep(book, T0.AddMinutes(23));
        Assert.False(incident.IsOpen);
        Assert.Contains("resolved", incident.Pending.Keys);
    }

    [Fact]
    public void Members_beyond_the_bound_still_join_and_count_but_are_not_listed()
    {
        var options = new IncidentOptions { MaxMembers = 5 };
        var book = new IncidentBook();
        var refs = new IncidentCorrelator(options).Apply(book, NodeStorm("node-7", 9).Select(a => Facts(a)).ToList(), T0);

        var incident = Assert.Single(book.Incidents);
        Assert.Equal(10, incident.Size);
        Assert.Equal(5, incident.Members.Count);
        Assert.All(refs, r => Assert.Equal(incident.Id, r!.Id));
    }

    [Fact]
    public void Beyond_the_bound_of_open_incidents_the_one_updated_longest_ago_is_resolved()
    {
        var options = new IncidentOptions { MaxOpen = 2 };
        var correlator = new IncidentCorrelator(options);
        var book = new IncidentBook();
        Apply(correlator, book, T0, null, NodeNotReady("node-1"));
        Apply(correlator, book, T0.AddSeconds(1), null, NodeNotReady("node-2"));
        Apply(correlator, book, T0.AddSeconds(2), null, NodeNotReady("node-3"));

        Assert.Equal(2, book.Incidents.Count(i => i.IsOpen));
        var closed = Assert.Single(book.Incidents, i => !i.IsOpen);
        Assert.Equal(NodeNotReady("node-1").Fingerprint, closed.Root);
        Assert.Contains("resolved", closed.Pending.Keys);
    }

    [Fact]
    public void A_new_category_or_a_new_root_asks_for_a_new_digest_and_more_of_the_same_does_not()
    {
        var correlator = new IncidentCorrelator(Options);
        var book = new IncidentBook();
        Apply(correlator, book, T0, null, Errors("payments", "ledger"));
        var incident = book.Incidents[0];
        incident.DigestBasis = new DigestBasis { Categories = [.. incident.Categories], RootSignature = incident.RootSignature };
        incident.DigestWanted = false;

        Apply(correlator, book, T0.AddSeconds(10), null, Errors("payments", "ledger", T0.AddSeconds(5)) with { Fingerprint = "00000000000000bb" });
        Assert.False(incident.DigestWanted);

        correlator.Apply(book, [Facts(PostgresDown("payments", T0.AddSeconds(-30)), "database")], T0.AddSeconds(20));
        Assert.True(incident.DigestWanted);
        Assert.Equal(PostgresDown("payments").Fingerprint, incident.Root);
    }

    [Fact]
    public void Two_nodes_that_fail_apart_keep_their_own_incidents_though_they_ran_pods_of_one_deployment()
    {
        var correlator = new IncidentCorrelator(Options);
        var book = new IncidentBook();
        Apply(correlator, book, T0, null, NodeNotReady("node-3"), PodNotReady("shop", "cart-7d9f8b6c4-aaaaa", "node-3"));
        var second = Apply(correlator, book, T0.AddMinutes(4), null, NodeNotReady("node-5", T0.AddMinutes(4)), PodNotReady("shop", "cart-7d9f8b6c4-bbbbb", "node-5", T0.AddMinutes(4)));

        Assert.Equal(2, book.Incidents.Count);
        Assert.Equal(second[0]!.Id, second[1]!.Id);
    }
}
