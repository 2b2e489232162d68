namespace Enrichment.Core.Classification;

/// <summary>Who answered (<c>source</c>).</summary>
public static class ClassificationSource
{
    /// <summary>The built-in model (<c>LLM_ENABLED=true</c>).</summary>
    public const string Llm = "llm";

    /// <summary>The built-in rules.</summary>
    public const string Rules = "rules";

    /// <summary>A plug-in's classifier (<c>ENRICHMENT_PLUGINS</c>); the host stamps it, whatever the plug-in wrote.</summary>
    public const string Plugin = "plugin";

    /// <summary>A correction people made for the signature (<c>POST /api/v1/feedback</c>), ahead of cache and model.</summary>
    public const string Override = "override";
}
