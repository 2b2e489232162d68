using System.Diagnostics;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>The real executable run as an operator's command (<c>Enrichment.Host redrive …</c>) to its end.</summary>
public static class HostCommand
{
    public static async Task<ExternalTool.Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HostProcess.HostDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ExternalTool.Result(process.ExitCode, await stdout, await stderr);
    }
}
