using Enrichment.Core.Classification;
using Enrichment.Core.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TeamKnowledge.Classifier;

/// <summary>
/// The entry point the host finds in this assembly (<c>ENRICHMENT_PLUGINS=/path/TeamKnowledge.Classifier.dll</c>).
/// It registers <see cref="TeamKnowledgeClassifier"/> as the classifier that answers before the rules.
/// </summary>
public sealed class TeamKnowledgePlugin : IEnrichmentPlugin
{
    /// <summary>The plug-in's own setting: its own name, so it cannot collide with the host's variables.</summary>
    public const string FileVariable = "TEAM_KNOWLEDGE_FILE";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // Read and checked now, so a broken file stops the host at start rather than at the first alert.
        var path = configuration[FileVariable] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetDirectoryName(typeof(TeamKnowledgePlugin).Assembly.Location)!, "team-knowledge.yaml");
        var knowledge = KnowledgeBase.Load(path);
        services.AddSingleton(knowledge);
        services.AddSingleton<IAlertClassifier, TeamKnowledgeClassifier>();
    }
}
