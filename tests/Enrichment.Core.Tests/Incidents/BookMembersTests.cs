using Enrichment.Contracts;
using Enrichment.Core.Incidents;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>
/// The member index a book keeps between updates answers exactly as one built from scratch would, whatever happened to the
/// book in between: members joining, incidents resolving and leaving for the archive, the same alert firing again in a new
/// incident, and incidents swapped for copies read back from the store.
/// </summary>
public class BookMembersTests
{
    private static readonly IncidentOptions Options = new() { MaxMembers = 12, Window = TimeSpan.FromMinutes(5), ResolveGrace = TimeSpan.FromMinutes(1) };

    /// <summary>The index as the correlator built it for every batch before it was kept: open incidents first, the last one wins.</summary>
    private static Dictionary<string, (IncidentState Incident, MemberState Member)> Rebuilt(IncidentBook book)
    {
        var index = new Dictionary<string, (IncidentState, MemberState)>(StringComparer.Ordinal);
        foreach (var incident in book.Incidents.OrderBy(i => i.IsOpen ? 1 : 0))
        {
            foreach (var member in incident.Members)
            {
                index[member.Fingerprint] = (incident, member);
            }
        }
        return index;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_kept_index_answers_as_a_rebuilt_one_through_joins_resolutions_refires_archiving_and_store_copies(int seed)
    {
        var random = new Random(seed);
        var correlator = new IncidentCorrelator(Options);
        var maintenance = new IncidentMaintenance(Options, correlator, []);
        var book = new IncidentBook();
        var hosts = Enumerable.Range(0, 6).Select(h => $"node-{h}").ToArray();
        var alerts = hosts.SelectMany(h => Enumerable.Range(0, 8).Select(p => PodNotReady(p % 2 == 0 ? "shop" : "search", $"app{p}-7d9f8b6c4-{h}", h)))
            .Concat(hosts.Select(h => NodeNotReady(h))).ToArray();
        var now = T0;
        var checkedPlaces = 0;
        var refires = 0;

        for (var step = 0; step < 300; step++)
        {
            now = now.AddSeconds(random.Next(1, 40));
            switch (random.Next(10))
            {
                case < 6:
                    // A batch: some fire (again), some resolve.
                    var batch = Enumerable.Range(0, random.Next(1, 8)).Select(_ => alerts[random.Next(alerts.Length)])
                        .Select(a => random.Next(4) == 0 ? Resolved(a) : a with { StartsAt = now }).ToList();
                    correlator.Apply(book, batch.Select(a => Facts(a)).ToList(), now);
                    break;
                case 6:
                    maintenance.Sweep(book, now);
                    break;
                case 7:
                    // Announced resolved: out of the book, as IncidentMaintenance.Complete does.
                    if (book.Incidents.FirstOrDefault(i => !i.IsOpen) is { } resolved)
                    {
                        book.Incidents.Remove(resolved);
                    }
                    break;
                default:
                    // Another process changed an incident: the store swaps in a copy decoded from what it read.
                    if (book.Incidents.Count > 0)
                    {
                        var position = random.Next(book.Incidents.Count);
                        book.Incidents[position] = IncidentBookCodec.DecodeIncident(IncidentBookCodec.EncodeIncident(book.Incidents[position]))!;
                    }
                    break;
            }
            if (random.Next(3) == 0)
            {
                // The Redis store hands each update a new book over the same incident objects, with the index handed on.
                var next = new IncidentBook { Incidents = [.. book.Incidents], PodHosts = book.PodHosts, PodHostOrder = book.PodHostOrder, Archived = book.Archived };
                next.KeepIndexOf(book, []);
                book = next;
            }

            var kept = book.MemberIndex ??= new BookMembers();
            kept.Synchronize(book);
            var rebuilt = Rebuilt(book);
            foreach (var alert in alerts)
            {
                var found = kept.TryFind(book, alert.Fingerprint, out var place);
                Assert.Equal(rebuilt.TryGetValue(alert.Fingerprint, out var expected), found);
                if (found)
                {
                    Assert.Same(expected.Incident, place.Incident);
                    Assert.Same(expected.Member, place.Member);
                    checkedPlaces++;
                }
            }
            refires += book.Incidents.SelectMany(i => i.Members).GroupBy(m => m.Fingerprint).Count(g => g.Count() > 1);
        }

        // The walk reached what makes the index hard, or it proved little.
        Assert.True(checkedPlaces > 1_000, $"only {checkedPlaces} places checked");
        Assert.True(refires > 0, "no alert was ever in two incidents at once");
    }
}
