using System.Diagnostics;
using System.Globalization;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Evaluation;

namespace Enrichment.Evaluate.Incidents;

/// <summary>
/// <c>dotnet run -c Release --project tools/Enrichment.Evaluate -- incidents [directory] [--show NAME|storm|all]</c>: replays every labelled storm of
/// <c>tests/data/incidents</c> by the rules alone and with a fake model, prints pairwise grouping precision, recall and F1
/// and root accuracy per scenario and in total, then replays a generated storm of 5,000 alerts in 3 incidents and prints
/// what its digests cost.
/// </summary>
public static class IncidentsCommand
{
    public const string DefaultDirectory = "tests/data/incidents";

    public static async Task<int> RunAsync(string[] args)
    {
        var show = args.SkipWhile(a => a != "--show").Skip(1).FirstOrDefault();
        args = args.Where((a, i) => a != "--show" && (i == 0 || args[i - 1] != "--show")).ToArray();
        var directory = args.Length > 0 ? args[0] : Find(DefaultDirectory);
        if (directory is null || !Directory.Exists(directory))
        {
            Console.Error.WriteLine($"scenarios not found: {directory ?? DefaultDirectory} (pass the directory as the argument after 'incidents')");
            return 2;
        }
        var scenarios = IncidentScenario.ReadDirectory(directory);
        var options = new IncidentOptions();
        Console.WriteLine($"scenarios: {directory} ({scenarios.Count}); INCIDENT_WINDOW={options.Window.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m, INCIDENT_SCOPE_LABELS={options.ScopeLabels}");

        var rules = new List<IncidentScore>();
        var model = new List<IncidentScore>();
        foreach (var scenario in scenarios)
        {
            var byRules = await ScenarioReplay.RunAsync(scenario, options);
            rules.Add(IncidentScore.Of(byRules));
            if (show is not null && (show == "all" || show == scenario.Name))
            {
                Show(byRules);
            }
            var fake = new FakeDigestModel();
            var result = await ScenarioReplay.RunAsync(scenario, options, fake.Digester());
            model.Add(IncidentScore.Of(result, fake.Calls));
        }
        Print("By the rules alone", rules);
        Print("With a fake model writing the digests (its root counts where the rules have no evidence)", model);

        var storm = StormGenerator.Generate(5_000, seed: 16);
        var stormModel = new FakeDigestModel();
        var watch = Stopwatch.StartNew();
        var stormResult = await ScenarioReplay.RunAsync(storm, options, stormModel.Digester());
        watch.Stop();
        var stormScore = IncidentScore.Of(stormResult, stormModel.Calls);
        if (show == "storm")
        {
            foreach (var incident in stormResult.Book.Incidents)
            {
                Console.WriteLine($"  {incident.Id}: profiles {incident.Profiles.Count}, opened {incident.OpenedAt:HH:mm:ss}, " + string.Join(" | ", incident.Profiles.Take(3).Select(p => $"{p.Profile.Kinds} {string.Join(',', p.Profile.Workloads)} {string.Join(',', p.Profile.Scope)} {p.FirstStart:mm:ss}-{p.LastStart:mm:ss}")));
            }
            foreach (var found in storm.Alerts.GroupBy(a => stormResult.Assigned.GetValueOrDefault(a.Alert.Fingerprint)?.Id ?? "none"))
            {
                Console.WriteLine($"  {found.Key}: " + string.Join(", ", found.GroupBy(a => a.Incident + "/" + a.Alert.Labels["alertname"]).Select(g => $"{g.Key} ×{g.Count()}")));
            }
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Storm: {stormScore.Alerts} alerts in {stormScore.Roots} incidents, {storm.Notifications.Count} batches → {stormScore.Incidents} incidents found, F1 {stormScore.F1:0.000}, roots {stormScore.RootsRight}/{stormScore.Roots}, digest calls {stormModel.Calls}, updates {stormResult.Updates.Count}, replayed in {watch.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    /// <summary>Each incident found: its root, and each member with the incident it truly belongs to and the role it got.</summary>
    private static void Show(ReplayResult result)
    {
        Console.WriteLine($"\n{result.Scenario.Name}:");
        var alerts = result.Scenario.Alerts.Where(a => a.Alert.Status == "firing").DistinctBy(a => a.Alert.Fingerprint).ToList();
        foreach (var incident in alerts.GroupBy(a => result.Assigned.GetValueOrDefault(a.Alert.Fingerprint)?.Id ?? "none"))
        {
            var root = result.Roots.GetValueOrDefault(incident.Key);
            Console.WriteLine($"  {incident.Key} root {alerts.FirstOrDefault(a => a.Alert.Fingerprint == root)?.Alert.Labels["alertname"] ?? root}");
            foreach (var alert in incident)
            {
                var assigned = result.Assigned.GetValueOrDefault(alert.Alert.Fingerprint);
                Console.WriteLine($"    {alert.Alert.Labels["alertname"],-36} truth {alert.Incident,-12}{(alert.Root ? " (root)" : ""),-8} role {assigned?.Role}");
            }
        }
    }

    private static void Print(string title, List<IncidentScore> scores)
    {
        var total = IncidentScore.Sum("**all (micro)**", scores);
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine();
        Console.Write(IncidentScore.Table(scores, total));
        Summary("all", scores);
        Summary("tuned on", scores.Where(s => !s.Name.StartsWith(HeldOutPrefix, StringComparison.Ordinal)).ToList());
        Summary("held out", scores.Where(s => s.Name.StartsWith(HeldOutPrefix, StringComparison.Ordinal)).ToList());
    }

    /// <summary>Scenarios written after the rules were tuned and never tuned against: what to expect of storms nobody wrote rules for.</summary>
    public const string HeldOutPrefix = "heldout-";

    private static void Summary(string name, List<IncidentScore> scores)
    {
        if (scores.Count == 0)
        {
            return;
        }
        var total = IncidentScore.Sum(name, scores);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-9} ({scores.Count,2} scenarios): grouping precision {total.Precision:0.000}, recall {total.Recall:0.000}, F1 {total.F1:0.000} (macro F1 {scores.Average(s => s.F1):0.000}); root accuracy {total.RootAccuracy:0.000} ({total.RootsRight}/{total.Roots}), over incidents of two alerts or more {total.MultiRootAccuracy:0.000} ({total.MultiRootsRight}/{total.MultiRoots})"));
    }

    private static string? Find(string relative)
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
