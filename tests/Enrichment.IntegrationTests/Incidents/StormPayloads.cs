using System.Globalization;
using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Core.Incidents.Evaluation;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Incidents;

/// <summary>The labelled storms of <c>tests/data/incidents</c> as Alertmanager would send them.</summary>
public static class StormPayloads
{
    /// <summary>The node-failure storm: forty alerts of one node, its pods, probes and services, in one notification.</summary>
    public static IncidentScenario NodeFailure() => IncidentScenario.Read(RepositoryPaths.Of("tests", "data", "incidents", "node-failure.json"));

    /// <summary>Webhook (version 4) bodies for the alerts, <paramref name="perRequest"/> per request, with times shifted to now.</summary>
    public static IReadOnlyList<string> Webhooks(IEnumerable<AlertData> alerts, string groupKey, int perRequest, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var shift = DateTimeOffset.UtcNow - IncidentScenario.Epoch;
        return alerts.Chunk(perRequest).Select(chunk => new JsonObject
        {
            ["version"] = "4", ["groupKey"] = groupKey, ["truncatedAlerts"] = 0, ["status"] = "firing", ["receiver"] = "enrichment",
            ["groupLabels"] = new JsonObject(), ["commonLabels"] = new JsonObject(), ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager:9093",
            ["alerts"] = new JsonArray(chunk.Select(a => (JsonNode)Alert(a, shift, extraLabels)).ToArray()),
        }.ToJsonString()).ToList();
    }

    public static JsonObject Alert(AlertData alert, TimeSpan shift, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var labels = new JsonObject();
        foreach (var (name, value) in alert.Labels.Concat(extraLabels ?? new Dictionary<string, string>()))
        {
            labels[name] = value;
        }
        return new JsonObject
        {
            ["status"] = alert.Status,
            ["labels"] = labels,
            ["annotations"] = new JsonObject(alert.Annotations.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["startsAt"] = (alert.StartsAt!.Value + shift).ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = alert.Status == "resolved" ? DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z",
            ["generatorURL"] = alert.GeneratorUrl ?? "http://prometheus:9090/graph?g0.expr=up",
        };
    }
}
