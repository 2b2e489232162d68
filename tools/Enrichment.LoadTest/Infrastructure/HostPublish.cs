using System.Diagnostics;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// Publishes <c>Enrichment.Host</c> as the image does and runs it with the image's runtime settings, both read from
/// deploy/Dockerfile (<see cref="ImageRecipe"/>: its <c>dotnet publish</c>, its <c>ENV</c>), so that the figures are those
/// of what users run, cold start included. The output goes to a temporary folder of the checkout's own, so that a second
/// run publishes incrementally.
/// </summary>
public static class HostPublish
{
    private static readonly ImageRecipe Recipe = ImageRecipe.Read();

    /// <summary>
    /// The runtime settings of the image's <c>ENV</c> (<c>DOTNET_*</c>: no ReadyToRun code, workstation GC); its port and
    /// roles are each process's own.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment { get; } =
        Recipe.Environment.Where(e => e.Key.StartsWith("DOTNET_", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value);

    public static async Task<string> PublishAsync()
    {
        var root = RepositoryPaths.Root;
        // One folder per repository or worktree: two checkouts measured at once must not publish over each other.
        var checkout = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..8];
        var output = Path.Combine(Path.GetTempPath(), $"enrichment-load-host-{checkout}");
        // The Dockerfile's publish, from this checkout: restored as it goes (incremental), into the folder above.
        var arguments = new List<string>();
        var publish = Recipe.Publish;
        for (var i = 0; i < publish.Count; i++)
        {
            if (publish[i] == "--no-restore")
            {
                continue;
            }
            if (publish[i] is "-o" or "--output")
            {
                arguments.AddRange([publish[i], output]);
                i++;
                continue;
            }
            arguments.Add(publish[i].EndsWith(".csproj", StringComparison.Ordinal) ? Path.Combine(root, publish[i]) : publish[i]);
        }
        var info = new ProcessStartInfo("dotnet", [.. arguments, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return Path.Combine(output, "Enrichment.Host.dll");
    }
}
