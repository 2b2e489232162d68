namespace Enrichment.Host.Composition.Plugins;

/// <summary>Says at start which plug-ins run, and which classifier answers, so nobody has to guess from the events.</summary>
internal sealed class PluginStartupLog(LoadedPlugins loaded, ILogger<PluginStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var plugin in loaded.Plugins)
        {
            logger.LogInformation("Loaded plug-in {Plugin} from {Path}{Classifier}", plugin.TypeName, plugin.Path,
                plugin.RegistersClassifier ? "; its classifier answers before the rules" : "");
        }
        if (loaded.ReplacesBuiltInClassifier)
        {
            logger.LogWarning("LLM_ENABLED=true, but a plug-in registers its own classifier: the plug-in answers, the built-in LLM is not called");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
