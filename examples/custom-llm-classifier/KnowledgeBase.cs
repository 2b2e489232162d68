using System.Security.Cryptography;
using Enrichment.Contracts;
using Enrichment.Core.Classification;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TeamKnowledge.Classifier;

/// <summary>
/// What the team knows about its own alerts: entries checked in file order, the first whose labels
/// all match answers. Validated against the contract's taxonomy when loaded.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly List<(KnowledgeEntry Entry, AlertClassification Verdict)> _entries;

    private KnowledgeBase(List<(KnowledgeEntry, AlertClassification)> entries, string name, string version)
    {
        _entries = entries;
        Name = name;
        Version = version;
    }

    /// <summary>The file's name, reported as the answers' <c>model</c>.</summary>
    public string Name { get; }

    /// <summary>A hash of the file's content: editing the file starts a new cache namespace.</summary>
    public string Version { get; }

    public int Count => _entries.Count;

    public static KnowledgeBase Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{TeamKnowledgePlugin.FileVariable}: '{path}' does not exist.");
        }
        var text = File.ReadAllText(path);
        List<KnowledgeEntry> raw;
        try
        {
            raw = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<List<KnowledgeEntry>>(text) ?? [];
        }
        catch (YamlException ex)
        {
            throw new InvalidOperationException($"{TeamKnowledgePlugin.FileVariable}: '{path}' is not a list of entries: {ex.Message}", ex);
        }
        var name = Path.GetFileName(path);
        var entries = raw.Select((entry, i) => (entry, ToVerdict(entry, name, $"{TeamKnowledgePlugin.FileVariable}: {path}, entry {i + 1}"))).ToList();
        var version = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];
        return new KnowledgeBase(entries, name, version);
    }

    /// <summary>The verdict of the first entry whose labels all match; null when the team has none.</summary>
    public AlertClassification? Find(AlertData alert) =>
        _entries.FirstOrDefault(e => e.Entry.Match.All(m => alert.Labels.TryGetValue(m.Key, out var value) && value == m.Value)).Verdict;

    private static AlertClassification ToVerdict(KnowledgeEntry entry, string name, string where)
    {
        if (entry.Match.Count == 0)
        {
            throw new InvalidOperationException($"{where}: 'match' needs at least one label.");
        }
        if (!Taxonomy.TryParseSeverity(entry.Severity, out var severity))
        {
            throw new InvalidOperationException($"{where}: severity '{entry.Severity}' is not critical, warning, info or noise.");
        }
        if (!Taxonomy.TryParseCategory(entry.Category, out var category))
        {
            throw new InvalidOperationException(
                $"{where}: category '{entry.Category}' is not one of {string.Join(", ", Taxonomy.Categories.Select(c => c.ToWire()))}.");
        }
        if (string.IsNullOrWhiteSpace(entry.Summary) || entry.Confidence is < 0 or > 1)
        {
            throw new InvalidOperationException($"{where}: needs a summary and a confidence between 0 and 1.");
        }
        return new AlertClassification
        {
            Severity = severity,
            Category = category.Value,
            Confidence = entry.Confidence,
            Summary = entry.Summary,
            Reasoning = entry.Reasoning,
            Recommendations = entry.Recommendations,
            // A plug-in's answers are "plugin" (the host stamps it on whatever a plug-in writes); provider and
            // model say which plug-in it was.
            Source = ClassificationSource.Plugin,
            Provider = "team-knowledge",
            Model = name,
        };
    }
}
