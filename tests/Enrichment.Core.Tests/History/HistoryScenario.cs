using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.History;
using Enrichment.Core.Tests.Classification.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.History;

/// <summary>Alerts sent through an <see cref="AlertMemory"/> one batch at a time, as a worker would, on a clock the test moves.</summary>
internal sealed class HistoryScenario
{
    private readonly AlertSignature _signature = new();

    public HistoryScenario(HistoryOptions? options = null, IAlertHistoryStore? store = null)
    {
        Store = store ?? new InMemoryAlertHistoryStore(Clock);
        Memory = new AlertMemory(Store, Options.Create(options ?? new HistoryOptions()), Clock, NullLogger<AlertMemory>.Instance);
    }

    public ManualClock Clock { get; } = new();

    public IAlertHistoryStore Store { get; }

    public AlertMemory Memory { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static AlertData Firing(string host, DateTimeOffset startsAt, string rule = "NightlyBackupSlow") => new()
    {
        Fingerprint = $"{rule}-{host}",
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = rule, ["severity"] = "warning", ["instance"] = host },
        Annotations = new Dictionary<string, string> { ["summary"] = $"{rule} on {host}" },
        StartsAt = startsAt,
        EndsAt = DateTimeOffset.MinValue,
    };

    public static AlertData Resolved(string host, DateTimeOffset startsAt, DateTimeOffset endsAt, string rule = "NightlyBackupSlow") =>
        Firing(host, startsAt, rule) with { Status = AlertStatus.Resolved, EndsAt = endsAt };

    /// <summary>One batch; returns each alert's history.</summary>
    public async Task<IReadOnlyList<AlertHistory?>> SendAsync(params AlertData[] alerts)
    {
        var signed = alerts.Select(_signature.Read).ToList();
        var recalled = await Memory.RecallAsync(alerts, signed.Select(s => s.Signature).ToList(), alerts.Select(_ => Now).ToList(), default);
        await Memory.RememberAsync(recalled, signed, new Enrichment.Core.Classification.AlertClassification?[alerts.Length], default);
        return recalled.Histories;
    }

    public async Task<AlertHistory> SendOneAsync(AlertData alert) => (await SendAsync(alert))[0] ?? throw new InvalidOperationException("no history");

    /// <summary>Fires and resolves one alert <paramref name="times"/> times, an hour apart, each lasting <paramref name="lasting"/>; ends at now.</summary>
    public async Task FireAndResolveAsync(string host, int times, TimeSpan lasting)
    {
        for (var i = 0; i < times; i++)
        {
            var start = Now;
            await SendOneAsync(Firing(host, start));
            Clock.Advance(lasting);
            await SendOneAsync(Resolved(host, start, Now));
            Clock.Advance(TimeSpan.FromHours(1) - lasting);
        }
    }
}
