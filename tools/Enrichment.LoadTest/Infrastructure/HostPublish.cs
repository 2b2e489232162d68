using System.Diagnostics;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// Publishes <c>Enrichment.Host</c> as the image does (deploy/Dockerfile: Release, tiered compilation off; the processes
/// also get the image's <c>DOTNET_ReadyToRun=0</c>, <see cref="ImageEnvironment"/>), so that the figures are those of what
/// users run, cold start included. The output goes to a temporary folder of the checkout's own, so that a second run publishes incrementally.
/// </summary>
public static class HostPublish
{
    /// <summary>The runtime settings the image's <c>ENV</c> adds to what the publish wrote (deploy/Dockerfile).</summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment { get; } = new Dictionary<string, string>
    {
        // Nothing precompiled is used, the .NET libraries' ReadyToRun code included: every method is compiled fully optimised.
        ["DOTNET_ReadyToRun"] = "0",
        // The Web SDK's default would be server GC.
        ["DOTNET_gcServer"] = "0",
    };

    public static async Task<string> PublishAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Enrichment.Workers.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory + "; use --host build or --host PATH");
        }
        // One folder per repository or worktree: two checkouts measured at once must not publish over each other.
        var checkout = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root.FullName)))[..8];
        var output = Path.Combine(Path.GetTempPath(), $"enrichment-load-host-{checkout}");
        var info = new ProcessStartInfo("dotnet",
        [
            "publish", Path.Combine(root.FullName, "src", "Enrichment.Host", "Enrichment.Host.csproj"), "-c", "Release",
            "--self-contained", "false", "-p:TieredCompilation=false", "-p:UseAppHost=false", "-o", output, "--nologo", "-v", "quiet",
        ])
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
