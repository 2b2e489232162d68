using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Enrichment.Llm.Answers;

/// <summary>
/// Reads the model's answer the way models actually write it: inside code fences, after
/// <c>&lt;think&gt;</c> blocks, wrapped as <c>{"data":…}</c>, as a bare array, as a single object, or cut
/// off mid-array (complete items are kept). Returns the items by id; unknown ids are the caller's to ignore.
/// </summary>
public static partial class AnswerParser
{
    public static IReadOnlyDictionary<int, JsonElement> Parse(string? text, int alertCount)
    {
        var items = new Dictionary<int, JsonElement>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return items;
        }
        var body = Unwrap(text);
        var candidates = TryParseWhole(body) is { } root ? ItemsOf(root, 0) : Salvage(body);
        var anyId = candidates.Any(c => IdOf(c) is not null);
        for (var i = 0; i < candidates.Count; i++)
        {
            // Without any ids, a result list of exactly the right length is read in order.
            var id = anyId ? IdOf(candidates[i]) : candidates.Count == alertCount ? i + 1 : null;
            if (id is { } key && !items.ContainsKey(key))
            {
                items[key] = candidates[i];
            }
        }
        return items;
    }

    private static string Unwrap(string text)
    {
        var body = ThinkBlock().Replace(text, "");
        var fence = FencedBlock().Match(body);
        if (fence.Success && fence.Groups["content"].Value.IndexOfAny(['{', '[']) >= 0)
        {
            body = fence.Groups["content"].Value;
        }
        return body.Trim();
    }

    private static JsonElement? TryParseWhole(string body)
    {
        var start = body.IndexOfAny(['{', '[']);
        if (start < 0)
        {
            return null;
        }
        var end = body.LastIndexOf(body[start] == '{' ? '}' : ']');
        if (end <= start)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body.AsMemory(start, end - start + 1), new JsonDocumentOptions { AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<JsonElement> ItemsOf(JsonElement root, int depth)
    {
        if (depth > 3)
        {
            return [];
        }
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Equals("results", StringComparison.OrdinalIgnoreCase))
            {
                return ItemsOf(property.Value, depth + 1);
            }
        }
        if (root.TryGetProperty("severity", out _) || root.TryGetProperty("category", out _))
        {
            return [root];
        }
        // {"data": …}, {"classifications": [...]}: the first property that holds items.
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object && ItemsOf(property.Value, depth + 1) is { Count: > 0 } nested)
            {
                return nested;
            }
        }
        return [];
    }

    /// <summary>A truncated answer: keeps each complete object of the results array.</summary>
    private static List<JsonElement> Salvage(string body)
    {
        var found = new List<JsonElement>();
        var results = body.IndexOf("\"results\"", StringComparison.OrdinalIgnoreCase);
        var arrayStart = body.IndexOf('[', results < 0 ? 0 : results);
        if (arrayStart < 0)
        {
            return found;
        }
        var depth = 0;
        var inString = false;
        var escaped = false;
        var objectStart = -1;
        for (var i = arrayStart + 1; i < body.Length; i++)
        {
            var c = body[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    if (depth++ == 0)
                    {
                        objectStart = i;
                    }
                    break;
                case '}':
                    if (--depth == 0 && objectStart >= 0)
                    {
                        try
                        {
                            using var document = JsonDocument.Parse(body.AsMemory(objectStart, i - objectStart + 1));
                            found.Add(document.RootElement.Clone());
                        }
                        catch (JsonException)
                        {
                            // A broken item costs only itself.
                        }
                        objectStart = -1;
                    }
                    break;
                case ']' when depth == 0:
                    return found;
            }
        }
        return found;
    }

    private static int? IdOf(JsonElement item)
    {
        if (!item.TryGetProperty("id", out var id))
        {
            return null;
        }
        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var number))
        {
            return number;
        }
        if (id.ValueKind == JsonValueKind.Number && id.TryGetDouble(out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue)
        {
            return (int)real;
        }
        return id.ValueKind == JsonValueKind.String && int.TryParse(id.GetString()?.Trim().TrimStart('#'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    [GeneratedRegex(@"<(think|thinking|reasoning)>[\s\S]*?</\1>\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"```[a-zA-Z0-9_-]*\s*\n?(?<content>[\s\S]*?)(```|$)")]
    private static partial Regex FencedBlock();
}
