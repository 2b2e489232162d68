using System.Globalization;
using System.Text;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules.Evaluation;

/// <summary>One labelled alert of the corpus.</summary>
public sealed record CorpusCase(
    AlertData Alert,
    AlertCategory ExpectedCategory,
    Severity ExpectedSeverity,
    string Service,
    string Group,
    string Exporter,
    int LineNumber)
{
    public bool HeldBack => CorpusSplit.IsHeldBack(Service);
}

/// <summary>A corpus alert the classifier got wrong (category or severity).</summary>
public sealed record CorpusMiss(CorpusCase Case, AlertClassification Actual);

/// <summary>Scores of one part of the corpus.</summary>
public sealed record SplitScore(string Name, int Total, int CategoryCorrect, int SeverityCorrect, int[,] CategoryConfusion, IReadOnlyList<CorpusMiss> Misses)
{
    public double CategoryAccuracy => Total == 0 ? 0 : (double)CategoryCorrect / Total;

    public double SeverityAccuracy => Total == 0 ? 0 : (double)SeverityCorrect / Total;

    /// <summary>Number of distinct services in this part.</summary>
    public int Services { get; init; }
}

/// <summary>The classifier's scores on the tuning part, the held-back part and the whole corpus.</summary>
public sealed record CorpusEvaluation(SplitScore Tuning, SplitScore HeldBack, SplitScore All)
{
    public string Format(bool confusion = true)
    {
        var builder = new StringBuilder();
        builder.AppendLine("part        services  alerts  category          severity");
        foreach (var part in new[] { Tuning, HeldBack, All })
        {
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"{part.Name,-10} {part.Services,9} {part.Total,7}  {part.CategoryAccuracy,7:P1} ({part.CategoryCorrect,4})  {part.SeverityAccuracy,7:P1} ({part.SeverityCorrect,4})");
        }
        if (confusion)
        {
            builder.AppendLine();
            builder.AppendLine("Category confusion matrix, held-back part (rows: expected, columns: predicted):");
            builder.Append(CorpusEvaluator.FormatConfusion(HeldBack.CategoryConfusion));
        }
        return builder.ToString();
    }
}

/// <summary>Reads the labelled corpus and measures a rule classifier against it.</summary>
public static class CorpusEvaluator
{
    /// <summary>The corpus's place relative to the repository root.</summary>
    public const string DefaultCorpusPath = "tests/data/corpus/awesome-prometheus-alerts.jsonl";

    public static IReadOnlyList<CorpusCase> ReadFile(string path)
    {
        var cases = new List<CorpusCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            cases.Add(ParseLine(line, lineNumber));
        }
        return cases;
    }

    public static CorpusCase ParseLine(string line, int lineNumber = 0)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var alert = root.GetProperty("alert");
        var labels = ReadMap(alert, "labels");
        var annotations = ReadMap(alert, "annotations");
        var expected = root.GetProperty("expected");
        var categoryText = expected.GetProperty("category").GetString();
        var severityText = expected.GetProperty("severity").GetString();
        if (!Taxonomy.TryParseCategory(categoryText, out var category))
        {
            throw new FormatException($"line {lineNumber}: unknown category '{categoryText}'");
        }
        if (!Taxonomy.TryParseSeverity(severityText, out var severity))
        {
            throw new FormatException($"line {lineNumber}: unknown severity '{severityText}'");
        }
        root.TryGetProperty("source", out var source);
        return new CorpusCase(
            new AlertData
            {
                Fingerprint = lineNumber.ToString("x16", CultureInfo.InvariantCulture),
                Status = "firing",
                Labels = labels,
                Annotations = annotations,
            },
            category.Value,
            severity,
            ReadString(source, "service"),
            ReadString(source, "group"),
            ReadString(source, "exporter"),
            lineNumber);
    }

    public static CorpusEvaluation Evaluate(IReadOnlyList<CorpusCase> cases, IRuleClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(classifier);
        var results = new List<(CorpusCase Case, AlertClassification Actual)>(cases.Count);
        foreach (var item in cases)
        {
            results.Add((item, classifier.Classify(item.Alert)));
        }
        return new CorpusEvaluation(
            Score("tuning", results.Where(r => !r.Case.HeldBack)),
            Score("held-back", results.Where(r => r.Case.HeldBack)),
            Score("all", results));
    }

    public static string FormatConfusion(int[,] confusion)
    {
        var categories = Taxonomy.Categories;
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{"",-15}");
        foreach (var category in categories)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{Abbreviate(category),6}");
        }
        builder.AppendLine("   total");
        for (var row = 0; row < categories.Count; row++)
        {
            var total = 0;
            builder.Append(CultureInfo.InvariantCulture, $"{categories[row].ToWire(),-15}");
            for (var column = 0; column < categories.Count; column++)
            {
                var count = confusion[row, column];
                total += count;
                builder.Append(CultureInfo.InvariantCulture, $"{(count == 0 ? "." : count.ToString(CultureInfo.InvariantCulture)),6}");
            }
            builder.AppendLine(CultureInfo.InvariantCulture, $"{total,8}");
        }
        return builder.ToString();
    }

    /// <summary>
    /// Finds the corpus from <paramref name="startDirectory"/> (default: the current directory) or
    /// any parent, by <see cref="DefaultCorpusPath"/> and then by <c>corpus/</c> next to the binaries.
    /// </summary>
    public static string? FindDefaultCorpus(string? startDirectory = null)
    {
        foreach (var start in new[] { startDirectory ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, DefaultCorpusPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        var copied = Path.Combine(AppContext.BaseDirectory, "corpus", Path.GetFileName(DefaultCorpusPath));
        return File.Exists(copied) ? copied : null;
    }

    private static SplitScore Score(string name, IEnumerable<(CorpusCase Case, AlertClassification Actual)> results)
    {
        var count = Taxonomy.Categories.Count;
        var confusion = new int[count, count];
        var misses = new List<CorpusMiss>();
        var services = new HashSet<string>(StringComparer.Ordinal);
        int total = 0, categoryCorrect = 0, severityCorrect = 0;
        foreach (var (item, actual) in results)
        {
            total++;
            services.Add(item.Service);
            confusion[(int)item.ExpectedCategory, (int)actual.Category]++;
            var categoryOk = actual.Category == item.ExpectedCategory;
            var severityOk = actual.Severity == item.ExpectedSeverity;
            categoryCorrect += categoryOk ? 1 : 0;
            severityCorrect += severityOk ? 1 : 0;
            if (!categoryOk || !severityOk)
            {
                misses.Add(new CorpusMiss(item, actual));
            }
        }
        return new SplitScore(name, total, categoryCorrect, severityCorrect, confusion, misses) { Services = services.Count };
    }

    private static string Abbreviate(AlertCategory category)
    {
        var wire = category.ToWire();
        return wire.Length <= 5 ? wire : wire[..5];
    }

    private static Dictionary<string, string> ReadMap(JsonElement parent, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parent.TryGetProperty(property, out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in element.EnumerateObject())
            {
                map[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() ?? "" : entry.Value.GetRawText();
            }
        }
        return map;
    }

    private static string ReadString(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";
}
