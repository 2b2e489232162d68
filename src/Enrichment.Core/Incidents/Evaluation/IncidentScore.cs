using System.Globalization;
using System.Text;

namespace Enrichment.Core.Incidents.Evaluation;

/// <summary>
/// How well replays grouped and rooted: pairwise precision and recall over every pair of alerts of a scenario (a pair is
/// right when both grouping and truth put its two alerts together), and root accuracy over the true incidents (right when
/// the incident that holds the true root has it as root). Summed over scenarios (micro), so large storms weigh more.
/// </summary>
public sealed record IncidentScore(string Name, long TruePairs, long PredictedPairs, long CommonPairs, int Roots, int RootsRight,
    int MultiRoots, int MultiRootsRight, int Alerts, int Incidents, int DigestCalls)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CommonPairs / PredictedPairs;

    public double Recall => TruePairs == 0 ? 1 : (double)CommonPairs / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Over every true incident (a single alert's is right unless it was put under another root).</summary>
    public double RootAccuracy => Roots == 0 ? 1 : (double)RootsRight / Roots;

    /// <summary>Over true incidents of two alerts or more: the ones where choosing a root is a question.</summary>
    public double MultiRootAccuracy => MultiRoots == 0 ? 1 : (double)MultiRootsRight / MultiRoots;

    public static IncidentScore Of(ReplayResult result, int digestCalls = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        var alerts = result.Scenario.Alerts.Where(a => a.Alert.Status == Enrichment.Core.Alerts.AlertStatus.Firing)
            .DistinctBy(a => a.Alert.Fingerprint).ToList();
        long truePairs = 0, predictedPairs = 0, common = 0;
        // Alerts without an incident (none should be) count as alone.
        string Predicted(int i) => result.Assigned.GetValueOrDefault(alerts[i].Alert.Fingerprint)?.Id ?? "none:" + alerts[i].Alert.Fingerprint;
        for (var i = 0; i < alerts.Count; i++)
        {
            for (var j = i + 1; j < alerts.Count; j++)
            {
                var same = alerts[i].Incident == alerts[j].Incident;
                var together = Predicted(i) == Predicted(j);
                truePairs += same ? 1 : 0;
                predictedPairs += together ? 1 : 0;
                common += same && together ? 1 : 0;
            }
        }
        int roots = 0, right = 0, multi = 0, multiRight = 0;
        foreach (var truth in alerts.GroupBy(a => a.Incident))
        {
            var root = truth.FirstOrDefault(a => a.Root) ?? truth.OrderBy(a => a.Alert.StartsAt).First();
            var incident = result.Assigned.GetValueOrDefault(root.Alert.Fingerprint)?.Id;
            var ok = incident is not null && result.Roots.GetValueOrDefault(incident) == root.Alert.Fingerprint;
            roots++;
            right += ok ? 1 : 0;
            if (truth.Count() > 1)
            {
                multi++;
                multiRight += ok ? 1 : 0;
            }
        }
        var predicted = alerts.Select((_, i) => Predicted(i)).Distinct(StringComparer.Ordinal).Count();
        return new IncidentScore(result.Scenario.Name, truePairs, predictedPairs, common, roots, right, multi, multiRight, alerts.Count, predicted, digestCalls);
    }

    public static IncidentScore Sum(string name, IEnumerable<IncidentScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var all = scores.ToList();
        return new IncidentScore(name, all.Sum(s => s.TruePairs), all.Sum(s => s.PredictedPairs), all.Sum(s => s.CommonPairs),
            all.Sum(s => s.Roots), all.Sum(s => s.RootsRight), all.Sum(s => s.MultiRoots), all.Sum(s => s.MultiRootsRight),
            all.Sum(s => s.Alerts), all.Sum(s => s.Incidents), all.Sum(s => s.DigestCalls));
    }

    public static string Table(IEnumerable<IncidentScore> scores, IncidentScore total)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(total);
        var text = new StringBuilder();
        text.AppendLine("| scenario | alerts | incidents (true → found) | precision | recall | F1 | root right | digest calls |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var score in scores.Append(total))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {score.Name} | {score.Alerts} | {score.Roots} → {score.Incidents} | {score.Precision:0.000} | {score.Recall:0.000} | {score.F1:0.000} | {score.RootsRight}/{score.Roots} | {score.DigestCalls} |"));
        }
        return text.ToString();
    }
}
