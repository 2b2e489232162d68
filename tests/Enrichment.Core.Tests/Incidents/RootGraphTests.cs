using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Incidents;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>
/// The graph of who explains whom an incident keeps between batches gives the root a graph built afresh would: through
/// members joining, profiles added, alerts that started earlier than their profile's first, and incidents read back
/// from the store with the graph handed on.
/// </summary>
public class RootGraphTests
{
    private static readonly IncidentOptions Options = new() { Window = TimeSpan.FromMinutes(30) };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_kept_graph_chooses_as_a_fresh_one_would(int seed)
    {
        var random = new Random(seed);
        var correlator = new IncidentCorrelator(Options);
        var book = new IncidentBook();
        var alerts = new List<Func<DateTimeOffset, AlertData>>();
        foreach (var node in new[] { "node-1", "node-2" })
        {
            alerts.Add(at => NodeNotReady(node, at));
            for (var pod = 0; pod < 6; pod++)
            {
                var name = $"api{pod % 3}-7d9f8b6c4-{node}{pod}";
                alerts.Add(at => PodNotReady(pod % 2 == 0 ? "shop" : "payments", name, node, at));
            }
        }
        foreach (var (strain, job, port) in new[] { ("HostHighCpuLoad", "node-exporter", 9100), ("ProcessHighMemory", "process-exporter", 9256), ("HostSystemdServiceCrashed", "systemd-exporter", 9558) })
        {
            // Three profiles of one machine of which none explains another: the earliest to start explains the others, so
            // the root moves when a new alert of one of them (another device: the same profile) started earlier.
            alerts.Add(at => Alert($"{strain} on node-3", at, AlertStatus.Firing, null, ("alertname", strain), ("severity", "warning"),
                ("instance", $"node-3:{port}"), ("job", job), ("device", $"sd{at.Second % 20}")));
        }
        alerts.Add(at => PostgresDown("payments", at));
        alerts.Add(at => PostgresDown("shop", at));
        foreach (var service in new[] { "cart", "checkout", "postgres", "api0" })
        {
            alerts.Add(at => Errors("shop", service, at));
            alerts.Add(at => Errors("payments", service, at));
        }
        var kept = 0;
        var rebuilt = 0;
        var moved = 0;

        for (var step = 0; step < 200; step++)
        {
            // Starts spread back and forth, so a profile's first start moves earlier now and then.
            var batch = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => alerts[random.Next(alerts.Count)](T0.AddSeconds(random.Next(0, 600))))
                .ToList();
            var graphs = book.Incidents.ToDictionary(i => i.Id, i => i.RootGraph);
            var starts = book.Incidents.ToDictionary(i => i.Id, i => i.Profiles.Select(p => p.FirstStart).ToList());
            correlator.Apply(book, batch.Select(a => Facts(a)).ToList(), T0.AddMinutes(10));
            foreach (var incident in book.Incidents)
            {
                var cached = RootSelection.Choose(incident)!;
                var fresh = RootSelection.Choose(incident.Profiles)!;
                Assert.Equal(fresh.Profile, cached.Profile);
                Assert.Equal(fresh.Evidence, cached.Evidence);
                Assert.Equal(fresh.Explained.Order(), cached.Explained.Order());
                if (starts.TryGetValue(incident.Id, out var earlier) && earlier.Count == incident.Profiles.Count
                    && !earlier.SequenceEqual(incident.Profiles.Select(p => p.FirstStart)))
                {
                    moved++;
                }
                if (graphs.TryGetValue(incident.Id, out var before) && before is not null)
                {
                    if (ReferenceEquals(before, incident.RootGraph))
                    {
                        kept++;
                    }
                    else
                    {
                        rebuilt++;
                    }
                }
            }
            if (random.Next(3) == 0 && book.Incidents.Count > 0)
            {
                // Another process wrote an incident: the store reads a copy back and hands the caches on.
                var position = random.Next(book.Incidents.Count);
                var previous = book.Incidents[position];
                var copy = IncidentBookCodec.DecodeIncident(IncidentBookCodec.EncodeIncident(previous))!;
                var next = new IncidentBook { Incidents = [.. book.Incidents], PodHosts = book.PodHosts, PodHostOrder = book.PodHostOrder, Archived = book.Archived };
                next.Incidents[position] = copy;
                next.KeepIndexOf(book, [(previous, copy)]);
                Assert.Same(previous.RootGraph, copy.RootGraph);
                book = next;
            }
        }

        // Most batches reused the graph; some had to rebuild it (a profile added, a first start moved): both were tried.
        Assert.True(kept > rebuilt, $"kept {kept}, rebuilt {rebuilt}");
        Assert.True(rebuilt > 0, "the graph was never rebuilt");
        Assert.True(moved > 0, $"no profile's first start moved without a profile being added (kept {kept}, rebuilt {rebuilt})");
    }
}
