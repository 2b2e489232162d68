using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.IntegrationTests.Memory;

/// <summary>
/// Alert history on the real Redis, held to the same behaviour as the in-memory store: what two workers sharing it
/// record and read, firing by firing, on a clock the test moves.
/// </summary>
public class AlertHistoryStoreTests
{
    // Whole seconds: history keeps milliseconds.
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds()));
    private readonly AlertSignature _signature = new();

    private AlertMemory Worker(MemoryStores stores, HistoryOptions? options = null) =>
        new(stores.History, Options.Create(options ?? new HistoryOptions()), _clock, NullLogger<AlertMemory>.Instance);

    private static AlertData Alert(string host, DateTimeOffset start, DateTimeOffset? end = null, string rule = "NightlyBackupSlow") => new()
    {
        Fingerprint = $"{rule}-{host}",
        Status = end is null ? AlertStatus.Firing : AlertStatus.Resolved,
        Labels = new Dictionary<string, string> { ["alertname"] = rule, ["severity"] = "critical", ["instance"] = host },
        Annotations = new Dictionary<string, string> { ["summary"] = $"{rule} on {host}" },
        StartsAt = start,
        EndsAt = end,
    };

    private async Task<AlertHistory?[]> SendAsync(AlertMemory worker, params AlertData[] alerts)
    {
        var signed = alerts.Select(_signature.Read).ToList();
        var recalled = await worker.RecallAsync(alerts, signed.Select(s => s.Signature).ToList(), alerts.Select(_ => _clock.GetUtcNow()).ToList(), default);
        var verdicts = alerts.Select(_ => (AlertClassification?)new AlertClassification
        {
            Severity = Severity.Warning, Category = AlertCategory.Storage, Confidence = 0.7, Summary = "s", Source = ClassificationSource.Llm,
        }).ToList();
        await worker.RememberAsync(recalled, signed, verdicts, default);
        return recalled.Histories.ToArray();
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task Two_workers_sharing_the_store_count_each_firing_once_and_make_the_eleventh_recurring_and_transient(string kind)
    {
        await using var stores = MemoryStores.Create(kind, _clock);
        AlertMemory[] workers = [Worker(stores), Worker(stores)];
        var first = default(AlertHistory);
        for (var i = 0; i < 10; i++)
        {
            var start = _clock.GetUtcNow();
            // Each firing is sent twice (a re-send, by the other worker), then resolved.
            var firing = await SendAsync(workers[i % 2], Alert("db-1", start));
            await SendAsync(workers[(i + 1) % 2], Alert("db-1", start));
            first ??= firing[0];
            _clock.Advance(TimeSpan.FromMinutes(2));
            await SendAsync(workers[i % 2], Alert("db-1", start, _clock.GetUtcNow()));
            _clock.Advance(TimeSpan.FromMinutes(58));
        }

        var eleventh = (await SendAsync(workers[1], Alert("db-1", _clock.GetUtcNow())))[0]!;
        var fresh = (await SendAsync(workers[0], Alert("db-1", _clock.GetUtcNow(), rule: "NeverSeenBefore")))[0]!;

        Assert.Equal(Novelty.New, first!.Novelty);
        Assert.Equal((Novelty.Recurring, true, 11, 11, 120L, false), (eleventh.Novelty, eleventh.Transient, eleventh.Fired7d, eleventh.Fired30d, eleventh.MedianResolveSeconds, eleventh.Flapping));
        Assert.Equal(_clock.GetUtcNow().AddHours(-10), eleventh.FirstSeen);
        Assert.Equal((Novelty.New, false, 1), (fresh.Novelty, fresh.Transient, fresh.Fired7d));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task A_firing_keeps_its_class_on_every_worker_and_the_gateway_finds_its_signature_and_verdict(string kind)
    {
        await using var stores = MemoryStores.Create(kind, _clock);
        var start = _clock.GetUtcNow();
        var alert = Alert("db-1", start);
        await SendAsync(Worker(stores), alert);
        _clock.Advance(TimeSpan.FromHours(1));
        for (var i = 2; i <= 5; i++)
        {
            var other = _clock.GetUtcNow();
            await SendAsync(Worker(stores), Alert($"db-{i}", other));
            await SendAsync(Worker(stores), Alert($"db-{i}", other, other.AddMinutes(1)));
            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        var resent = (await SendAsync(Worker(stores), alert))[0]!;
        var memo = await stores.History.FindFingerprintAsync(alert.Fingerprint, default);
        var card = await stores.History.FindSignatureAsync(_signature.Compute(alert), default);

        Assert.Equal((Novelty.New, 5), (resent.Novelty, resent.Fired7d));
        Assert.Equal((_signature.Compute(alert), start.ToUnixTimeMilliseconds(), Novelty.New), (memo!.Signature, memo.StartMs, memo.Novelty));
        Assert.Equal(new VerdictSnapshot("warning", "storage", "llm"), card!.Verdict);
        Assert.Equal("{{labels.instance}}", card.Sample!.Labels["instance"]);
        Assert.Equal("NightlyBackupSlow on {{labels.instance}}", card.Sample.Annotations["summary"]);
        Assert.Null(await stores.History.FindFingerprintAsync("never-seen", default));
        Assert.Null(await stores.History.FindSignatureAsync("0123456789abcdef0123456789abcdef", default));
    }

    [Fact]
    public async Task Redis_keeps_a_signature_bounded_and_expiring()
    {
        await using var stores = MemoryStores.Create("redis", _clock);
        var worker = Worker(stores, new HistoryOptions { MaxFirings = 10 });
        for (var i = 0; i < 25; i++)
        {
            var start = _clock.GetUtcNow();
            await SendAsync(worker, Alert($"web-{i}", start), Alert($"web-{i}", start, start.AddSeconds(30)));
            _clock.Advance(TimeSpan.FromMinutes(10));
        }
        var signature = _signature.Compute(Alert("web-0", _clock.GetUtcNow()));

        var firings = $"{stores.Prefix}history:{signature}:firings";
        var resolutions = $"{stores.Prefix}history:{signature}:resolutions";
        Assert.Equal(10, await stores.Redis.SortedSetLengthAsync(firings));
        Assert.Equal(10, await stores.Redis.SortedSetLengthAsync(resolutions));
        foreach (var key in new[] { firings, resolutions, $"{stores.Prefix}history:{signature}:first", $"{stores.Prefix}history:{signature}:card", $"{stores.Prefix}history-fingerprint:NightlyBackupSlow-web-0" })
        {
            var ttl = await stores.Redis.KeyTimeToLiveAsync(key);
            Assert.True(ttl > TimeSpan.FromDays(30) && ttl <= TimeSpan.FromDays(31), $"{key} expires in {ttl}");
        }
    }
}
