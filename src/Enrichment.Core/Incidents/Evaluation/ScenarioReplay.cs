using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Incidents.Evaluation;

/// <summary>
/// Replays a scenario through the real correlation, book, update loop and digests, on a hand-moved clock: each
/// notification is one worker batch at its arrival time; the update loop runs before each batch and once more when every
/// update is due. The categories are the rules' (what the worker uses when the mode is transparent, and a fair stand-in
/// for a model's). With <paramref name="digester"/>, digests are the model's and may name the root where the rules have no evidence.
/// </summary>
public static class ScenarioReplay
{
    public static async Task<ReplayResult> RunAsync(IncidentScenario scenario, IncidentOptions options, IIncidentDigester? digester = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var clock = new ReplayClock(scenario.Notifications.Count > 0 ? scenario.Notifications[0].At : IncidentScenario.Epoch);
        var rules = new RuleBasedClassifier();
        var store = new InMemoryIncidentStore();
        var service = new IncidentService(store, Options.Create(options), Options.Create(new ClassificationOptions()), rules, clock, NullLogger<IncidentService>.Instance);
        var digests = new IncidentDigests(new RuleDigester(rules), new MemoryDigestCache(), NullLogger<IncidentDigests>.Instance, digester);
        var updater = new IncidentUpdater(service, digests, NullIncidentMetrics.Instance, clock, NullLogger<IncidentUpdater>.Instance);
        var updates = new List<IncidentUpdated>();
        Task Publish(IncidentUpdated update, CancellationToken _)
        {
            updates.Add(update);
            return Task.CompletedTask;
        }

        var assigned = new Dictionary<string, IncidentRef?>(StringComparer.Ordinal);
        foreach (var notification in scenario.Notifications)
        {
            clock.Set(notification.At);
            await updater.RoundAsync("replay", useModel: true, Publish, cancellationToken);
            var alerts = notification.Alerts.Select(a => a.Alert).ToList();
            var refs = await service.CorrelateAsync(alerts, new AlertClassification?[alerts.Count],
                alerts.Select(_ => notification.GroupKey).ToList(), alerts.Select(_ => notification.At).ToList(), cancellationToken);
            for (var i = 0; i < alerts.Count; i++)
            {
                if (alerts[i].Status == Alerts.AlertStatus.Firing)
                {
                    assigned.TryAdd(alerts[i].Fingerprint, refs[i]);
                }
            }
        }
        clock.Advance(options.UpdateDelay + TimeSpan.FromSeconds(1));
        while (await updater.RoundAsync("replay", useModel: true, Publish, cancellationToken) > 0)
        {
        }
        var book = await store.ReadAsync(cancellationToken);
        return new ReplayResult(scenario, assigned, book.Incidents.ToDictionary(i => i.Id, i => i.Root, StringComparer.Ordinal), updates, book);
    }
}

/// <summary>What a replay produced: each alert's incident as its event carried it, each incident's root at the end, the updates.</summary>
public sealed record ReplayResult(
    IncidentScenario Scenario,
    IReadOnlyDictionary<string, IncidentRef?> Assigned,
    IReadOnlyDictionary<string, string?> Roots,
    IReadOnlyList<IncidentUpdated> Updates,
    IncidentBook Book);
