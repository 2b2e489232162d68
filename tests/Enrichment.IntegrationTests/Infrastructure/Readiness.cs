using System.Diagnostics;
using System.Net;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Waits for a process under test to answer its readiness route, failing early (with its last output) when it exits.</summary>
public static class Readiness
{
    public static async Task WaitAsync(HttpClient http, string path, Process process, Func<string> tail, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}:\n{tail()}");
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
        throw new TimeoutException($"{process.StartInfo.FileName} not ready within {timeout}:\n{tail()}");
    }
}
