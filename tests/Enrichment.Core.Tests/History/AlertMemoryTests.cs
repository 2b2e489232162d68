using Enrichment.Contracts;
using Enrichment.Core.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.History;

public class AlertMemoryTests
{
    [Fact]
    public async Task Ten_firings_that_resolved_in_two_minutes_make_the_eleventh_recurring_and_transient()
    {
        var scenario = new HistoryScenario();
        var first = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now));
        scenario.Clock.Advance(TimeSpan.FromMinutes(2));
        await scenario.SendOneAsync(HistoryScenario.Resolved("db-1", scenario.Now.AddMinutes(-2), scenario.Now));
        scenario.Clock.Advance(TimeSpan.FromMinutes(58));
        await scenario.FireAndResolveAsync("db-1", times: 9, lasting: TimeSpan.FromMinutes(2));

        var eleventh = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now));

        Assert.Equal(Novelty.New, first.Novelty);
        Assert.False(first.Transient);
        Assert.Equal(Novelty.Recurring, eleventh.Novelty);
        Assert.True(eleventh.Transient);
        Assert.Equal(11, eleventh.Fired7d);
        Assert.Equal(11, eleventh.Fired30d);
        Assert.Equal(120, eleventh.MedianResolveSeconds);
        Assert.False(eleventh.Flapping);
        Assert.Equal(scenario.Now.AddHours(-10), eleventh.FirstSeen);
        Assert.Equal(new HistoryData
        {
            FirstSeen = scenario.Now.AddHours(-10), Fired7d = 11, Fired30d = 11, MedianResolveSeconds = 120, Flapping = false,
            Novelty = "recurring", Transient = true,
        }, eleventh.ToData());
    }

    [Fact]
    public async Task The_second_and_third_firings_are_rare_and_the_fourth_recurring()
    {
        var scenario = new HistoryScenario();
        var seen = new List<Novelty>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add((await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now))).Novelty);
            scenario.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([Novelty.New, Novelty.Rare, Novelty.Rare, Novelty.Recurring], seen);
    }

    [Fact]
    public async Task Alertmanager_re_sending_a_firing_alert_is_still_one_firing()
    {
        var scenario = new HistoryScenario();
        var start = scenario.Now;
        var histories = new List<AlertHistory>();
        for (var i = 0; i < 5; i++)
        {
            // The same alert, re-sent every group_interval with the same startsAt.
            histories.Add(await scenario.SendOneAsync(HistoryScenario.Firing("db-1", start)));
            scenario.Clock.Advance(TimeSpan.FromMinutes(5));
        }
        // Duplicated within one batch as well (at-least-once delivery).
        var twice = await scenario.SendAsync(HistoryScenario.Firing("db-1", start), HistoryScenario.Firing("db-1", start));

        Assert.All(histories.Concat(twice.Select(h => h!)), h => Assert.Equal((1, Novelty.New), (h.Fired7d, h.Novelty)));
    }

    [Fact]
    public async Task A_new_alert_firing_on_a_hundred_hosts_at_once_is_new_on_every_one()
    {
        var scenario = new HistoryScenario();
        var start = scenario.Now;
        var first = await scenario.SendAsync(Enumerable.Range(0, 50).Select(i => HistoryScenario.Firing($"web-{i}", start.AddSeconds(i))).ToArray());
        scenario.Clock.Advance(TimeSpan.FromSeconds(90));
        var second = await scenario.SendAsync(Enumerable.Range(50, 50).Select(i => HistoryScenario.Firing($"web-{i}", start.AddSeconds(i))).ToArray());

        Assert.All(first.Concat(second), h => Assert.Equal(Novelty.New, h!.Novelty));
        Assert.Equal(100, second[^1]!.Fired7d);
    }

    [Fact]
    public async Task An_alert_keeps_the_class_of_its_first_firing_until_it_resolves()
    {
        var scenario = new HistoryScenario();
        var start = scenario.Now;
        Assert.Equal(Novelty.New, (await scenario.SendOneAsync(HistoryScenario.Firing("db-1", start))).Novelty);
        // While db-1 fires, the same alert fires and resolves on other hosts: the signature becomes recurring.
        scenario.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var host in new[] { "db-2", "db-3", "db-4" })
        {
            await scenario.FireAndResolveAsync(host, times: 1, lasting: TimeSpan.FromMinutes(1));
        }
        var fresh = await scenario.SendOneAsync(HistoryScenario.Firing("db-5", scenario.Now));

        var resent = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", start));
        var resolved = await scenario.SendOneAsync(HistoryScenario.Resolved("db-1", start, scenario.Now));
        scenario.Clock.Advance(TimeSpan.FromHours(1));
        var again = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now));

        Assert.Equal(Novelty.Recurring, fresh.Novelty);
        Assert.Equal(Novelty.New, resent.Novelty);
        Assert.Equal(Novelty.New, resolved.Novelty);
        Assert.Equal(5, resent.Fired7d);
        Assert.Equal(Novelty.Recurring, again.Novelty);
    }

    [Fact]
    public async Task A_recurring_alert_that_takes_an_hour_to_resolve_is_not_transient()
    {
        var scenario = new HistoryScenario();
        await scenario.FireAndResolveAsync("db-1", times: 5, lasting: TimeSpan.FromMinutes(50));

        var next = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now));

        Assert.Equal(Novelty.Recurring, next.Novelty);
        Assert.False(next.Transient);
        Assert.Equal(3000, next.MedianResolveSeconds);
    }

    [Fact]
    public async Task Re_firing_within_the_flap_window_of_resolving_twice_is_flapping()
    {
        var scenario = new HistoryScenario();
        var history = new List<AlertHistory>();
        for (var i = 0; i < 3; i++)
        {
            var start = scenario.Now;
            history.Add(await scenario.SendOneAsync(HistoryScenario.Firing("db-1", start)));
            scenario.Clock.Advance(TimeSpan.FromMinutes(3));
            await scenario.SendOneAsync(HistoryScenario.Resolved("db-1", start, scenario.Now));
            scenario.Clock.Advance(TimeSpan.FromMinutes(2));
        }
        // Another host firing soon after db-1 resolved is not db-1 flapping.
        var other = new HistoryScenario();
        await other.FireAndResolveAsync("db-1", times: 1, lasting: TimeSpan.FromMinutes(59));
        var neighbour = await other.SendOneAsync(HistoryScenario.Firing("db-2", other.Now));

        Assert.Equal([false, false, true], history.Select(h => h.Flapping));
        Assert.False(neighbour.Flapping);
    }

    [Fact]
    public async Task What_fired_more_than_thirty_days_ago_is_forgotten()
    {
        var scenario = new HistoryScenario();
        await scenario.FireAndResolveAsync("db-1", times: 3, lasting: TimeSpan.FromMinutes(1));
        scenario.Clock.Advance(TimeSpan.FromDays(31));

        var later = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now));

        Assert.Equal(Novelty.New, later.Novelty);
        Assert.Equal(1, later.Fired30d);
        Assert.Null(later.MedianResolveSeconds);
    }

    [Fact]
    public async Task A_signature_keeps_at_most_HISTORY_MAX_FIRINGS_firings()
    {
        var scenario = new HistoryScenario(new HistoryOptions { MaxFirings = 10 });
        for (var i = 0; i < 15; i++)
        {
            await scenario.SendOneAsync(HistoryScenario.Firing($"web-{i}", scenario.Now));
            scenario.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var last = await scenario.SendOneAsync(HistoryScenario.Firing("web-last", scenario.Now));

        Assert.Equal(10, last.Fired7d);
        Assert.Equal(Novelty.Recurring, last.Novelty);
    }

    [Fact]
    public async Task A_future_startsAt_counts_as_now_and_a_missing_one_as_the_receive_time()
    {
        var scenario = new HistoryScenario();
        var future = await scenario.SendOneAsync(HistoryScenario.Firing("db-1", scenario.Now.AddDays(2)));
        var unset = await scenario.SendOneAsync(HistoryScenario.Firing("db-2", scenario.Now) with { StartsAt = null });

        Assert.Equal(scenario.Now, future.FirstSeen);
        Assert.Equal(2, unset.Fired7d);
    }

    [Fact]
    public async Task A_store_that_fails_gives_no_history_and_no_error()
    {
        var scenario = new HistoryScenario(store: new FailingStore());

        var histories = await scenario.SendAsync(HistoryScenario.Firing("db-1", DateTimeOffset.UtcNow));

        Assert.Null(Assert.Single(histories));
    }

    [Fact]
    public async Task A_failed_store_is_left_alone_for_ten_seconds_then_asked_again()
    {
        var store = new FailingStore();
        var scenario = new HistoryScenario(store: store);

        await scenario.SendAsync(HistoryScenario.Firing("db-1", scenario.Now));
        await scenario.SendAsync(HistoryScenario.Firing("db-1", scenario.Now));
        scenario.Clock.Advance(AlertMemory.RetryInterval);
        await scenario.SendAsync(HistoryScenario.Firing("db-1", scenario.Now));

        Assert.Equal(2, store.Calls);
    }

    [Fact]
    public async Task With_HISTORY_ENABLED_false_nothing_is_recorded()
    {
        var store = new InMemoryAlertHistoryStore();
        var memory = new AlertMemory(store, Options.Create(new HistoryOptions { Enabled = false }), TimeProvider.System, NullLogger<AlertMemory>.Instance);
        var alert = HistoryScenario.Firing("db-1", DateTimeOffset.UtcNow);

        var recalled = await memory.RecallAsync([alert], ["0123456789abcdef0123456789abcdef"], [DateTimeOffset.UtcNow], default);

        Assert.Null(Assert.Single(recalled.Histories));
        Assert.Null(await store.FindFingerprintAsync(alert.Fingerprint, default));
    }

    private sealed class FailingStore : IAlertHistoryStore
    {
        public int Calls;

        public string Name => "failing";

        public Task<HistoryReading> ObserveAsync(IReadOnlyList<HistoryObservation> observations, IReadOnlyList<SignatureQuery> queries,
            IReadOnlyCollection<string> fingerprints, HistoryWindow window, CancellationToken cancellationToken)
        {
            Calls++;
            throw new IOException("store down");
        }

        public Task RememberAsync(IReadOnlyList<FiringMemo> memos, IReadOnlyList<SignatureCard> cards, CancellationToken cancellationToken) =>
            throw new IOException("store down");

        public Task<FiringMemo?> FindFingerprintAsync(string fingerprint, CancellationToken cancellationToken) => throw new IOException("store down");

        public Task<SignatureCard?> FindSignatureAsync(string signature, CancellationToken cancellationToken) => throw new IOException("store down");
    }
}
