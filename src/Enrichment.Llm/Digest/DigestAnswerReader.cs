using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Contracts;
using Enrichment.Llm.Prompting;

namespace Enrichment.Llm.Digest;

/// <summary>
/// Reads and validates a digest answer as models write it (code fences, <c>&lt;think&gt;</c> blocks, text around the
/// object): every field within its bounds, the probable root one of the numbers shown. Anything else is invalid and the
/// rules write the digest (<c>degradedReason: invalid_output</c>), as for a classification.
/// </summary>
public static partial class DigestAnswerReader
{
    public const int MaxTitleLength = 150;
    public const int MaxSummaryLength = 800;
    public const int MaxBlastRadiusLength = 400;
    public const int MaxStepLength = 300;
    public const int MaxStepsAccepted = 6;
    public const int StepsKept = 3;

    /// <returns>The digest (with marks) and the 0-based index of its probable root; null when invalid.</returns>
    public static (IncidentDigestData Digest, int ProbableRoot)? Read(string? text, int members, string provider, string model)
    {
        if (string.IsNullOrWhiteSpace(text) || ObjectOf(text) is not { } root)
        {
            return null;
        }
        if (!TryText(root, "title", MaxTitleLength, required: true, out var title)
            || !TryText(root, "summary", MaxSummaryLength, required: true, out var summary)
            || !TryText(root, "blastRadius", MaxBlastRadiusLength, required: false, out var blastRadius)
            || !TryRoot(root, members, out var probableRoot)
            || !TrySteps(root, out var steps))
        {
            return null;
        }
        return (new IncidentDigestData
        {
            Title = title,
            Summary = summary,
            BlastRadius = blastRadius,
            Steps = steps,
            Source = "llm",
            Provider = provider,
            Model = model,
        }, probableRoot);
    }

    private static JsonElement? ObjectOf(string text)
    {
        var body = ThinkBlock().Replace(text, "");
        var fence = FencedBlock().Match(body);
        if (fence.Success && fence.Groups["content"].Value.Contains('{', StringComparison.Ordinal))
        {
            body = fence.Groups["content"].Value;
        }
        var start = body.IndexOf('{', StringComparison.Ordinal);
        var end = body.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body.AsMemory(start, end - start + 1), new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryText(JsonElement root, string name, int maxLength, bool required, out string text)
    {
        text = "";
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return !required;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        text = TextSanitizer.Clean(value.GetString(), int.MaxValue);
        return text.Length <= maxLength && (text.Length > 0 || !required);
    }

    private static bool TryRoot(JsonElement root, int members, out int index)
    {
        index = -1;
        if (!root.TryGetProperty("probableRoot", out var value))
        {
            return false;
        }
        int number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            number = n;
        }
        else if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString()?.Trim().TrimStart('#'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            return false;
        }
        // Must be one of the members shown: a number the prompt never gave names nobody.
        if (number < 1 || number > members)
        {
            return false;
        }
        index = number - 1;
        return true;
    }

    private static bool TrySteps(JsonElement root, out IReadOnlyList<string> steps)
    {
        steps = [];
        if (!root.TryGetProperty("steps", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxStepsAccepted)
        {
            return false;
        }
        var kept = new List<string>();
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
            {
                return false;
            }
            var step = TextSanitizer.Clean(entry.GetString(), int.MaxValue);
            if (step.Length > MaxStepLength)
            {
                return false;
            }
            if (step.Length > 0 && kept.Count < StepsKept)
            {
                kept.Add(step);
            }
        }
        steps = kept;
        return true;
    }

    [GeneratedRegex(@"<(think|thinking|reasoning)>[\s\S]*?</\1>\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"```[a-zA-Z0-9_-]*\s*\n?(?<content>[\s\S]*?)(```|$)")]
    private static partial Regex FencedBlock();
}
