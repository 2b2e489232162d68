using System.Text.Json;

namespace Enrichment.Llm.Tests.Fakes;

/// <summary>One request as the fake provider received it.</summary>
public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>Every string in the body joined: the prompt, whatever the protocol's message shape.</summary>
    public string AllText()
    {
        var parts = new List<string>();
        Collect(Json, parts);
        return string.Join("\n", parts);
    }

    /// <summary>The alert lines between the prompt's &lt;alerts&gt; markers.</summary>
    public IReadOnlyList<JsonElement> Alerts()
    {
        var text = AllText();
        var start = text.IndexOf("<alerts>\n", StringComparison.Ordinal);
        var end = text.LastIndexOf("\n</alerts>", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return [];
        }
        return text[(start + 9)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static void Collect(JsonElement element, List<string> parts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                parts.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, parts);
                }
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, parts);
                }
                break;
        }
    }
}
