using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Core.Plugins;

/// <summary>
/// A team's own extension, in its own assembly, loaded by the host from <c>ENRICHMENT_PLUGINS</c>
/// (comma-separated paths to dlls). The host creates the plug-in with its public parameterless
/// constructor and calls <see cref="ConfigureServices"/> once at start, after the built-in services
/// are registered, so a registration here replaces the built-in one. Registering an
/// <see cref="Classification.IAlertClassifier"/> makes it the classifier that answers before the
/// rules (instead of the built-in LLM, when <c>LLM_ENABLED=true</c> as well).
/// </summary>
/// <remarks>
/// The plug-in shares <c>Enrichment.Core</c>, <c>Enrichment.Contracts</c> and <c>Microsoft.Extensions.*</c>
/// with the host (the host's versions); its other dependencies load from its own folder.
/// </remarks>
public interface IEnrichmentPlugin
{
    /// <summary>
    /// Registers the plug-in's services. <paramref name="configuration"/> is the host's whole
    /// configuration (environment variables included), so a plug-in reads its own settings from it.
    /// </summary>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);
}
