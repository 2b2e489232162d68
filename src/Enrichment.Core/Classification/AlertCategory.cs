namespace Enrichment.Core.Classification;

/// <summary>The contract's taxonomy: what kind of problem an alert is.</summary>
public enum AlertCategory
{
    Infrastructure,
    Orchestration,
    Database,
    Messaging,
    Network,
    Security,
    Storage,
    Application,
    Observability,
    Cicd,
}
