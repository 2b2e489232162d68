using System.Collections.Concurrent;
using System.Diagnostics;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// A real Alertmanager or Prometheus from the machine's packages, on a free loopback port with its
/// own temporary directory for configuration and storage; killed and cleaned up on dispose.
/// </summary>
public sealed class MonitoringProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private MonitoringProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        Directory = directory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Directory { get; }

    /// <summary>The last lines the tool logged, for failure messages.</summary>
    public string Tail => string.Join('\n', _output.TakeLast(20));

    /// <summary>Alertmanager with clustering off (<c>--cluster.listen-address=</c>) and the given configuration.</summary>
    public static Task<MonitoringProcess> StartAlertmanagerAsync(string config) =>
        StartAsync(TestServices.AlertmanagerBinary, config, "alertmanager.yml", (directory, port, configFile) =>
        [
            $"--config.file={configFile}", $"--storage.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        ]);

    /// <summary>
    /// Prometheus with the given configuration; <paramref name="files"/> are written next to it (rule files).
    /// The resend delay is shortened from 1 minute: an alert evaluated before Prometheus has discovered its
    /// Alertmanagers (their list syncs every 5 s) is otherwise only sent again a minute later.
    /// </summary>
    public static Task<MonitoringProcess> StartPrometheusAsync(string config, params (string Name, string Content)[] files) =>
        StartAsync(TestServices.PrometheusBinary, config, "prometheus.yml", (directory, port, configFile) =>
        {
            foreach (var (name, content) in files)
            {
                File.WriteAllText(Path.Combine(directory, name), content);
            }
            return
            [
                $"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn", "--rules.alert.resend-delay=2s",
            ];
        });

    private static async Task<MonitoringProcess> StartAsync(string binary, string config, string configName, Func<string, int, string, string[]> arguments)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("enrichment-test-").FullName;
        var configFile = Path.Combine(directory, configName);
        await File.WriteAllTextAsync(configFile, config);
        var port = HostProcess.FreePort();
        var info = new ProcessStartInfo(binary, arguments(directory, port, configFile))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = new Process { StartInfo = info };
        var tool = new MonitoringProcess(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) tool._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) tool._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await tool.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await tool.DisposeAsync();
            throw;
        }
        return tool;
    }

    private Task WaitUntilReadyAsync(TimeSpan timeout) => Readiness.WaitAsync(Http, "/-/ready", _process, () => Tail, timeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is cleaned by the OS eventually.
        }
    }
}
