using System.Text.Json;
using System.Text.Json.Nodes;

namespace Enrichment.Llm.Tests.Fakes;

/// <summary>Model answers the fake writes from the alerts it was sent.</summary>
public static class FakeAnswers
{
    /// <summary>A valid result for every alert in the prompt: severity warning, category database.</summary>
    public static FakeReply Valid(RecordedRequest request) => FakeReply.Text(ResultsFor(request.Alerts().Count));

    public static string ResultsFor(int count, string severity = "warning", string category = "database") =>
        new JsonObject { ["results"] = new JsonArray(Enumerable.Range(1, count).Select(id => (JsonNode)Item(id, severity, category)).ToArray()) }.ToJsonString();

    public static JsonObject Item(int id, string severity = "warning", string category = "database", double confidence = 0.8) => new()
    {
        ["id"] = id,
        ["severity"] = severity,
        ["category"] = category,
        ["confidence"] = confidence,
        ["summary"] = $"fake model summary {id}",
        ["reasoning"] = "because the fake says so",
        ["recommendations"] = new JsonArray("check the fake"),
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions());
}
