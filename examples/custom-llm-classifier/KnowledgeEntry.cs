namespace TeamKnowledge.Classifier;

/// <summary>One entry of the knowledge file, as written in YAML.</summary>
public sealed class KnowledgeEntry
{
    /// <summary>Labels an alert must carry, each with exactly this value (e.g. <c>alertname</c>, <c>namespace</c>).</summary>
    public Dictionary<string, string> Match { get; set; } = [];

    public string Severity { get; set; } = "";

    public string Category { get; set; } = "";

    public double Confidence { get; set; } = 0.95;

    public string Summary { get; set; } = "";

    public string Reasoning { get; set; } = "";

    public List<string> Recommendations { get; set; } = [];
}
