using System.Globalization;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;

namespace Enrichment.Evaluate.Data;

/// <summary>
/// Reads a labelled JSONL file, one alert a line, in either of two shapes:
/// <list type="bullet">
/// <item>the shared corpus's: <c>{"alert":{"labels","annotations","generatorURL"?},"expected":{"category","severity"},"source":{"service","group"}?}</c>;</item>
/// <item>flat, as a corrections export or a hand-written file has it: <c>{"labels","annotations","generatorURL"?,"category"?,"severity"?}</c>
/// (<c>severity</c> here is the verdict; the alert's own severity is a label).</item>
/// </list>
/// Unknown properties are ignored. A line that cannot be read stops the run with its line number: a
/// figure computed over silently skipped lines would mislead.
/// </summary>
public static class LabelledAlertReader
{
    public static IReadOnlyList<LabelledAlert> ReadFile(string path)
    {
        var alerts = new List<LabelledAlert>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            alerts.Add(ParseLine(line, lineNumber));
        }
        return alerts;
    }

    public static LabelledAlert ParseLine(string line, int lineNumber = 0)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"line {lineNumber}: not JSON ({ex.Message})", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"line {lineNumber}: expected a JSON object");
            }
            var alert = root.TryGetProperty("alert", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
            var verdict = root.TryGetProperty("expected", out var expected) && expected.ValueKind == JsonValueKind.Object ? expected : root;

            var labels = ReadMap(alert, "labels", lineNumber);
            if (labels.Count == 0)
            {
                throw new FormatException($"line {lineNumber}: the alert has no labels");
            }
            var categoryText = ReadString(verdict, "category");
            var severityText = ReadString(verdict, "severity");
            AlertCategory? category = null;
            Severity? severity = null;
            if (categoryText.Length > 0)
            {
                category = Taxonomy.TryParseCategory(categoryText, out var parsed)
                    ? parsed
                    : throw new FormatException($"line {lineNumber}: unknown category '{categoryText}' (one of {string.Join(", ", Taxonomy.Categories.Select(c => c.ToWire()))})");
            }
            if (severityText.Length > 0)
            {
                severity = Taxonomy.TryParseSeverity(severityText, out var parsed)
                    ? parsed
                    : throw new FormatException($"line {lineNumber}: unknown severity '{severityText}' (one of {string.Join(", ", Taxonomy.Severities.Select(s => s.ToWire()))})");
            }
            if (category is null && severity is null)
            {
                throw new FormatException($"line {lineNumber}: no expected category or severity");
            }
            root.TryGetProperty("source", out var source);
            var status = ReadString(alert, "status");
            return new LabelledAlert(
                new AlertData
                {
                    Fingerprint = lineNumber.ToString("x16", CultureInfo.InvariantCulture),
                    Status = status.Length > 0 ? status : AlertStatus.Firing,
                    Labels = labels,
                    Annotations = ReadMap(alert, "annotations", lineNumber),
                    GeneratorUrl = NullIfEmpty(ReadString(alert, "generatorURL")) ?? NullIfEmpty(ReadString(alert, "generatorUrl")),
                },
                category,
                severity,
                ReadString(source, "service"),
                ReadString(source, "group"),
                lineNumber);
        }
    }

    private static Dictionary<string, string> ReadMap(JsonElement parent, string property, int lineNumber)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return map;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"line {lineNumber}: '{property}' must be an object of strings");
        }
        foreach (var entry in element.EnumerateObject())
        {
            map[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() ?? "" : entry.Value.GetRawText();
        }
        return map;
    }

    private static string ReadString(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()?.Trim() ?? ""
            : "";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
