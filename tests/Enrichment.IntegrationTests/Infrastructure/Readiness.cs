using System.Diagnostics;
using System.Net;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Waits for a process under test to answer its readiness route, failing early (with its last output) when it exits.</summary>
public static class Readiness
{
    public static Task WaitAsync(HttpClient http, string path, Process process, Func<string> tail, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        return WaitAsync(http, path, process.StartInfo.FileName, () => process.HasExited ? process.ExitCode : null, tail, timeout);
    }

    /// <param name="exitCode">The exit code once the service under test has ended, null while it runs.</param>
    public static async Task WaitAsync(HttpClient http, string path, string name, Func<long?> exitCode, Func<string> tail, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (exitCode() is { } code)
            {
                throw new InvalidOperationException($"{name} exited with {code}:\n{tail()}");
            }
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{name} not ready within {timeout}:\n{tail()}");
    }
}
