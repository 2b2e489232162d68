using System.Diagnostics;
using System.Net;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// Alertmanager from the machine's packages, the yardstick for ingest: clustering off, a temporary
/// storage directory, a free loopback port, a configuration that routes to a receiver with no targets.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    private const string Config = """
        route:
          receiver: blackhole
          group_wait: 30s
        receivers:
          - name: blackhole
        """;

    private readonly Process _process;
    private readonly string _directory;

    private AlertmanagerProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<AlertmanagerProcess> StartAsync(string binary)
    {
        var directory = Directory.CreateTempSubdirectory("enrichment-load-am-").FullName;
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, Config);
        var port = HostProcess.FreePort();
        var info = new ProcessStartInfo(binary,
        [
            $"--config.file={config}", $"--storage.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new AlertmanagerProcess(process, directory, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(alertmanager.BaseAddress, "/-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return alertmanager;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await alertmanager.DisposeAsync();
        throw new InvalidOperationException($"{binary} did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Still held open; the OS cleans temporary directories eventually.
        }
    }
}
