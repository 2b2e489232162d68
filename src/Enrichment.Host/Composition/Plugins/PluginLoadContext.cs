using System.Reflection;
using System.Runtime.Loader;

namespace Enrichment.Host.Composition.Plugins;

/// <summary>
/// One plug-in's assemblies. The contract between host and plug-in — <c>Enrichment.Core</c>,
/// <c>Enrichment.Contracts</c> and <c>Microsoft.Extensions.*</c> — always comes from the host, so
/// that an <c>IAlertClassifier</c> or <c>IServiceCollection</c> is the same type on both sides.
/// Everything else the plug-in ships (listed in its <c>.deps.json</c>) loads from its own folder,
/// so its dependencies never clash with the host's or another plug-in's.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(pluginPath))
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName) && FromHost(assemblyName) is { } shared)
        {
            return shared;
        }
        // Null defers to the host: framework assemblies, and anything the plug-in does not ship itself.
        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static bool IsShared(AssemblyName name) =>
        name.Name is "Enrichment.Core" or "Enrichment.Contracts"
        || name.Name?.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) == true;

    /// <summary>The host's copy by simple name, whatever version the plug-in was built against; null when the host has none.</summary>
    private static Assembly? FromHost(AssemblyName name)
    {
        try
        {
            return Default.LoadFromAssemblyName(new AssemblyName(name.Name!));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
