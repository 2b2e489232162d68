namespace Enrichment.Core.Classification;

/// <summary>How bad an alert is. <see cref="Noise"/> is only ever a classifier's verdict.</summary>
public enum Severity
{
    Critical,
    Warning,
    Info,
    Noise,
}
