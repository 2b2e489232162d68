using System.Reflection;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Plugins;

namespace Enrichment.Host.Composition.Plugins;

/// <summary>
/// Loads the plug-ins named by <c>ENRICHMENT_PLUGINS</c> and lets each register its services. Every
/// failure stops the host at start with a message naming the variable and the file.
/// </summary>
public static class PluginLoader
{
    private const string Variable = "ENRICHMENT_PLUGINS";

    /// <summary>
    /// Runs after the roles are composed, so a plug-in's registration wins. Every process loads the plug-ins; each role
    /// resolves only what it uses (a classifier in the worker, a notifier in the notifier).
    /// </summary>
    public static IHostApplicationBuilder AddEnrichmentPlugins(this IHostApplicationBuilder builder, EnrichmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        var paths = (options.Plugins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0)
        {
            return builder;
        }
        var builtInClassifier = services.Any(d => d.ServiceType == typeof(IAlertClassifier));
        var loaded = new List<LoadedPlugin>();
        string? classifierOwner = null;
        foreach (var path in paths)
        {
            foreach (var plugin in Instantiate(Path.GetFullPath(path)))
            {
                var before = services.ToHashSet();
                try
                {
                    plugin.ConfigureServices(services, builder.Configuration);
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException($"{Variable}: plug-in {plugin.GetType().FullName} failed to register its services: {ex.Message}", ex);
                }
                var registersClassifier = services.Any(d => d.ServiceType == typeof(IAlertClassifier) && !before.Contains(d));
                PluginClassifier.WrapNewRegistrations(services, before);
                if (registersClassifier && classifierOwner is not null)
                {
                    throw new InvalidOperationException(
                        $"{Variable}: both {classifierOwner} and {plugin.GetType().FullName} register an IAlertClassifier; only one classifier answers before the rules, so keep one.");
                }
                classifierOwner = registersClassifier ? plugin.GetType().FullName : classifierOwner;
                loaded.Add(new LoadedPlugin(plugin.GetType().FullName!, path, registersClassifier));
            }
        }
        services.AddSingleton(new LoadedPlugins(loaded, ReplacesBuiltInClassifier: builtInClassifier && classifierOwner is not null));
        services.AddHostedService<PluginStartupLog>();
        return builder;
    }

    private static IReadOnlyList<IEnrichmentPlugin> Instantiate(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{Variable}: '{path}' does not exist.");
        }
        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException)
        {
            throw new InvalidOperationException($"{Variable}: '{path}' is not a .NET assembly.");
        }
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            var cause = ex is ReflectionTypeLoadException load ? load.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message : ex.Message;
            throw new InvalidOperationException(
                $"{Variable}: the types of '{path}' could not be loaded ({cause}). Point it at the dll in the plug-in's build or publish folder, next to its .deps.json and dependencies.", ex);
        }
        var pluginTypes = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEnrichmentPlugin).IsAssignableFrom(t)).ToList();
        if (pluginTypes.Count == 0)
        {
            throw new InvalidOperationException(
                $"{Variable}: '{path}' has no public class implementing {typeof(IEnrichmentPlugin).FullName}.");
        }
        return pluginTypes.Select(t => t.GetConstructor(Type.EmptyTypes) is { } constructor
                ? (IEnrichmentPlugin)constructor.Invoke(null)
                : throw new InvalidOperationException($"{Variable}: plug-in {t.FullName} in '{path}' needs a public parameterless constructor."))
            .ToList();
    }
}
