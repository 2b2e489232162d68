namespace Enrichment.Host.Composition.Plugins;

/// <summary>One plug-in the host loaded from <c>ENRICHMENT_PLUGINS</c>.</summary>
public sealed record LoadedPlugin(string TypeName, string Path, bool RegistersClassifier);

/// <summary>What <see cref="PluginLoader"/> loaded, for the start-up log.</summary>
/// <param name="ReplacesBuiltInClassifier">A plug-in's classifier answers instead of the built-in LLM (<c>LLM_ENABLED=true</c>).</param>
public sealed record LoadedPlugins(IReadOnlyList<LoadedPlugin> Plugins, bool ReplacesBuiltInClassifier);
