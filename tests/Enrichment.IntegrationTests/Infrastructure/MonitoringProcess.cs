namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// A real Alertmanager or Prometheus on a free loopback port with its own temporary directory for its
/// configuration: the machine's package (<c>TEST_ALERTMANAGER_BINARY</c>, <c>TEST_PROMETHEUS_BINARY</c>) or
/// the official image in Docker (<see cref="MonitoringLauncher"/>); stopped and cleaned up on dispose.
/// </summary>
public sealed class MonitoringProcess : IAsyncDisposable
{
    private readonly IMonitoringRun _run;

    private MonitoringProcess(IMonitoringRun run, string directory, Uri baseAddress)
    {
        _run = run;
        Directory = directory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Directory { get; }

    /// <summary>The last lines the tool logged, for failure messages.</summary>
    public string Tail => _run.Tail;

    /// <summary>Alertmanager with clustering off (<c>--cluster.listen-address=</c>) and the given configuration.</summary>
    public static Task<MonitoringProcess> StartAlertmanagerAsync(string config) => StartAsync(MonitoringTool.Alertmanager, config, []);

    /// <summary>
    /// Prometheus with the given configuration; <paramref name="files"/> are written next to it (rule files).
    /// Its alert resend delay is 2 s (see <see cref="MonitoringTool.Prometheus"/>).
    /// </summary>
    public static Task<MonitoringProcess> StartPrometheusAsync(string config, params (string Name, string Content)[] files) =>
        StartAsync(MonitoringTool.Prometheus, config, files);

    private static async Task<MonitoringProcess> StartAsync(MonitoringTool tool, string config, (string Name, string Content)[] files)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("enrichment-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, tool.ConfigName), config);
        foreach (var (name, content) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), content);
        }
        var port = HostProcess.FreePort();
        IMonitoringRun run;
        try
        {
            run = await MonitoringLauncher.StartAsync(tool, directory, port);
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
        var monitoring = new MonitoringProcess(run, directory, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Readiness.WaitAsync(monitoring.Http, "/-/ready", run.Name, () => run.ExitCode, () => run.Tail, TimeSpan.FromSeconds(30));
        }
        catch
        {
            await monitoring.DisposeAsync();
            throw;
        }
        return monitoring;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _run.DisposeAsync();
        DeleteDirectory(Directory);
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is cleaned by the OS eventually.
        }
    }
}
