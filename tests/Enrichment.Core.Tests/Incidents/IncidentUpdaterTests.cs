using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Core.Incidents.Evaluation;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging.Abstractions;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>The update loop over one shared book: claims, digests, publication at least once, the archive.</summary>
public class IncidentUpdaterTests
{
    private sealed class Rig
    {
        public Rig(IncidentOptions? options = null, IIncidentDigester? model = null, IIncidentStore? store = null)
        {
            Options = options ?? new IncidentOptions { UpdateDelay = TimeSpan.FromSeconds(10) };
            Store = store ?? new InMemoryIncidentStore();
            Service = new IncidentService(Store, Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(new ClassificationOptions()),
                new RuleBasedClassifier(), Clock, NullLogger<IncidentService>.Instance);
            Digests = new IncidentDigests(new RuleDigester(new RuleBasedClassifier()), new MemoryDigestCache(), NullLogger<IncidentDigests>.Instance, model);
            Updater = new IncidentUpdater(Service, Digests, NullIncidentMetrics.Instance, Clock, NullLogger<IncidentUpdater>.Instance);
        }

        public IncidentOptions Options { get; }

        public ReplayClock Clock { get; } = new(T0);

        public IIncidentStore Store { get; }

        public IncidentService Service { get; }

        public IncidentDigests Digests { get; }

        public IncidentUpdater Updater { get; }

        public List<IncidentUpdated> Published { get; } = [];

        public Task<IReadOnlyList<IncidentRef?>> SendAsync(params AlertData[] alerts) =>
            Service.CorrelateAsync(alerts, new AlertClassification?[alerts.Length], new string?[alerts.Length], alerts.Select(_ => Clock.GetUtcNow()).ToList(), default);

        public Task<int> RoundAsync(string owner = "w1", Func<IncidentUpdated, CancellationToken, Task>? publish = null) =>
            Updater.RoundAsync(owner, useModel: true, publish ?? ((u, _) => { Published.Add(u); return Task.CompletedTask; }), default);
    }

    private static AlertData[] Storm() =>
        [NodeNotReady("node-7"), .. Enumerable.Range(0, 5).Select(i => PodNotReady("shop", $"cart-7d9f8b6c4-x{i:0000}", "node-7"))];

    [Fact]
    public async Task One_update_goes_out_per_incident_once_its_changes_gathered_with_a_digest_by_the_rules()
    {
        var rig = new Rig();
        var storm = Storm();
        await rig.SendAsync(storm[..3]);
        rig.Clock.Advance(TimeSpan.FromSeconds(4));
        await rig.SendAsync(storm[3..]);

        Assert.Equal(0, await rig.RoundAsync());
        rig.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await rig.RoundAsync());
        Assert.Equal(0, await rig.RoundAsync());

        var update = Assert.Single(rig.Published);
        // The incident grew before it was first announced: one update, opened (with all six alerts).
        Assert.Equal("opened", update.Event);
        Assert.Equal(["opened", "grown"], update.Changes);
        Assert.Equal(6, update.Incident.Size);
        Assert.Equal(storm[0].Fingerprint, update.Incident.Root);
        var digest = update.Incident.Digest!;
        Assert.Equal("rules", digest.Source);
        Assert.Equal("llm_disabled", digest.DegradedReason);
        Assert.Equal(storm[0].Fingerprint, digest.ProbableRoot);
        // Marks rendered with this incident's figures: no {{…}} left.
        Assert.DoesNotContain("{{", digest.Title + digest.Summary + digest.BlastRadius, StringComparison.Ordinal);
        Assert.Contains("6", digest.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claimed_update_is_not_published_by_another_worker_and_a_failed_publish_is_tried_again()
    {
        var rig = new Rig();
        await rig.SendAsync(Storm());
        rig.Clock.Advance(TimeSpan.FromSeconds(11));

        // w1 claims and fails to publish (the bus is down): the update is released, not lost.
        Assert.Equal(0, await rig.RoundAsync("w1", (_, _) => throw new InvalidOperationException("bus down")));
        Assert.Equal(0, await rig.RoundAsync("w2"));
        rig.Clock.Advance(IncidentMaintenance.RetryDelay);
        Assert.Equal(1, await rig.RoundAsync("w2"));
        Assert.Single(rig.Published);
    }

    [Fact]
    public async Task A_worker_that_dies_holding_a_claim_lets_it_lapse_and_another_publishes()
    {
        var rig = new Rig();
        await rig.SendAsync(Storm());
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        var claims = await rig.Store.UpdateAsync(book => rig.Service.Maintenance.Claim(book, rig.Clock.GetUtcNow(), "dead", 10), default);
        Assert.Single(claims);

        Assert.Equal(0, await rig.RoundAsync("w2"));
        rig.Clock.Advance(IncidentMaintenance.ClaimDuration);
        Assert.Equal(1, await rig.RoundAsync("w2"));
    }

    [Fact]
    public async Task Changes_recorded_while_an_update_was_out_stay_for_the_next_one()
    {
        var rig = new Rig();
        var storm = Storm();
        await rig.SendAsync(storm[..2]);
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        var late = storm[2..];
        await rig.RoundAsync(publish: async (u, _) =>
        {
            rig.Published.Add(u);
            await rig.SendAsync(late);
        });
        Assert.Equal(["opened"], rig.Published[0].Changes);

        // Growth alone waits INCIDENT_UPDATE_INTERVAL after the last update, not only the delay.
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        await rig.RoundAsync();
        Assert.Single(rig.Published);
        rig.Clock.Advance(rig.Options.UpdateInterval);
        await rig.RoundAsync();
        Assert.Equal(2, rig.Published.Count);
        Assert.Equal("grown", rig.Published[1].Event);
        Assert.Equal(6, rig.Published[1].Incident.Size);
        Assert.True(rig.Published[1].Sequence > rig.Published[0].Sequence);
    }

    [Fact]
    public async Task A_new_root_goes_out_after_the_delay_though_growth_alone_would_wait_the_interval()
    {
        var rig = new Rig();
        var storm = Storm();
        await rig.SendAsync(storm[1..]);
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        await rig.RoundAsync();
        await rig.SendAsync(storm[0]);
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        await rig.RoundAsync();

        Assert.Equal(2, rig.Published.Count);
        Assert.Equal("root_changed", rig.Published[1].Event);
        Assert.Equal(storm[0].Fingerprint, rig.Published[1].Incident.Root);
    }

    [Fact]
    public async Task A_resolved_incident_is_announced_then_archived_and_still_listed_until_its_retention_passes()
    {
        var rig = new Rig(new IncidentOptions { UpdateDelay = TimeSpan.FromSeconds(10), ResolveGrace = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromMinutes(30) });
        var storm = Storm();
        await rig.SendAsync(storm);
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        await rig.RoundAsync();
        await rig.SendAsync([.. storm.Select(Resolved)]);
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.RoundAsync();
        rig.Clock.Advance(TimeSpan.FromSeconds(11));
        await rig.RoundAsync();

        Assert.Equal(["opened", "resolved"], rig.Published.Select(u => u.Event));
        Assert.Equal("resolved", rig.Published[1].Incident.Status);
        var listed = Assert.Single((await rig.Store.ReadAsync(default)).Incidents);
        Assert.Equal("resolved", listed.Status);

        rig.Clock.Advance(TimeSpan.FromMinutes(31));
        await rig.RoundAsync();
        Assert.Empty((await rig.Store.ReadAsync(default)).Incidents);
    }

    [Fact]
    public async Task A_change_that_throws_leaves_the_book_as_it_was()
    {
        var store = new InMemoryIncidentStore();
        await store.UpdateAsync(book =>
        {
            book.Incidents.Add(new IncidentState { Id = "inc-a" });
            book.MarkChanged();
            return 0;
        }, default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync<int>(book =>
        {
            book.Incidents.Clear();
            throw new InvalidOperationException("half-way");
        }, default));

        Assert.Equal("inc-a", Assert.Single((await store.ReadAsync(default)).Incidents).Id);
        Assert.Equal(1, await store.UpdateAsync(book => book.Incidents.Count, default));
    }
}
