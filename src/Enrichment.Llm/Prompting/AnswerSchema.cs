using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.Core.Classification;

namespace Enrichment.Llm.Prompting;

/// <summary>
/// The contract's answer, <c>{"results":[{"id",…}]}</c>, as a JSON schema for providers' structured
/// output. Every property is required and no others are allowed, as OpenAI's strict mode wants; ranges
/// and lengths are checked in code (<see cref="Answers.AnswerValidator"/>), since not every provider
/// enforces them.
/// </summary>
public static class AnswerSchema
{
    public const string Name = "alert_classifications";

    public const string Description = "One classification per numbered alert.";

    public static JsonElement Schema { get; } = Build();

    public static string Text { get; } = Schema.GetRawText();

    private static JsonElement Build()
    {
        var item = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "integer" },
                ["severity"] = new JsonObject { ["type"] = "string", ["enum"] = Strings(Taxonomy.Severities.Select(s => s.ToWire())) },
                ["category"] = new JsonObject { ["type"] = "string", ["enum"] = Strings(Taxonomy.Categories.Select(c => c.ToWire())) },
                ["confidence"] = new JsonObject { ["type"] = "number" },
                ["summary"] = new JsonObject { ["type"] = "string" },
                ["reasoning"] = new JsonObject { ["type"] = "string" },
                ["recommendations"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
            ["required"] = Strings(["id", "severity", "category", "confidence", "summary", "reasoning", "recommendations"]),
            ["additionalProperties"] = false,
        };
        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["results"] = new JsonObject { ["type"] = "array", ["items"] = item } },
            ["required"] = Strings(["results"]),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(root);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
