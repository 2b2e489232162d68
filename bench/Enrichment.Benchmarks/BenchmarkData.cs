using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Benchmarks;

/// <summary>Realistic inputs, built from the alert corpus: real rule names, labels and annotations.</summary>
internal static class BenchmarkData
{
    private static readonly Lazy<IReadOnlyList<AlertData>> CorpusAlerts = new(LoadCorpus);

    public static IReadOnlyList<AlertData> Corpus => CorpusAlerts.Value;

    /// <summary>A webhook v4 body carrying <paramref name="count"/> corpus alerts.</summary>
    public static byte[] Webhook(int count)
    {
        var alerts = new JsonArray();
        foreach (var alert in Corpus.Take(count))
        {
            alerts.Add(new JsonObject
            {
                ["status"] = "firing",
                ["labels"] = ToObject(alert.Labels),
                ["annotations"] = ToObject(alert.Annotations),
                ["startsAt"] = "2026-11-25T08:00:00Z",
                ["endsAt"] = "0001-01-01T00:00:00Z",
                ["generatorURL"] = "http://prometheus:9090/graph",
                ["fingerprint"] = alert.Fingerprint,
            });
        }
        var payload = new JsonObject
        {
            ["version"] = "4", ["status"] = "firing", ["receiver"] = "enrichment", ["groupLabels"] = new JsonObject(),
            ["commonLabels"] = new JsonObject(), ["commonAnnotations"] = new JsonObject(), ["externalURL"] = "http://am:9093", ["alerts"] = alerts,
        };
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    private static JsonObject ToObject(IReadOnlyDictionary<string, string> map)
    {
        var node = new JsonObject();
        foreach (var (key, value) in map)
        {
            node[key] = value;
        }
        return node;
    }

    private static IReadOnlyList<AlertData> LoadCorpus()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "corpus", "awesome-prometheus-alerts.jsonl");
        var alerts = new List<AlertData>();
        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var alert = document.RootElement.GetProperty("alert");
            var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var annotations = alert.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            alerts.Add(new AlertData
            {
                Fingerprint = AlertFingerprint.Compute(labels),
                Status = AlertStatus.Firing,
                Labels = labels,
                Annotations = annotations,
            });
        }
        return alerts;
    }
}
