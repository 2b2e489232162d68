using System.Diagnostics;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a command-line tool the suite relies on (promtool, docker-compose, yamllint), installed by
/// <c>scripts/test.sh</c>. A missing tool fails with instructions, never skips.
/// </summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    /// <param name="timeout">Two minutes unless given.</param>
    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var path = Locate(tool);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"{tool} is not installed. Run the suite with scripts/test.sh, which installs it (Debian packages prometheus, docker-compose, yamllint).");
    }
}
