using System.Collections.Concurrent;
using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Alertmanager or Prometheus: its flags, its configuration file's name, and where each way of running it finds it.</summary>
public sealed record MonitoringTool(
    TestService Service,
    string ConfigName,
    Func<string> Binary,
    string Image,
    string ContainerStorage,
    Func<string, string, int, string[]> Arguments)
{
    /// <summary>Clustering off (<c>--cluster.listen-address=</c>).</summary>
    public static readonly MonitoringTool Alertmanager = new(
        TestService.Alertmanager, "alertmanager.yml", () => TestServices.AlertmanagerBinary, ServiceContainers.AlertmanagerImage, "/alertmanager",
        (configFile, storage, port) =>
        [
            $"--config.file={configFile}", $"--storage.path={storage}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        ]);

    /// <summary>
    /// The resend delay is shortened from 1 minute: an alert evaluated before Prometheus has discovered its
    /// Alertmanagers (their list syncs every 5 s) is otherwise only sent again a minute later.
    /// </summary>
    public static readonly MonitoringTool Prometheus = new(
        TestService.Prometheus, "prometheus.yml", () => TestServices.PrometheusBinary, ServiceContainers.PrometheusImage, "/prometheus",
        (configFile, storage, port) =>
        [
            $"--config.file={configFile}", $"--storage.tsdb.path={storage}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn", "--rules.alert.resend-delay=2s",
        ]);
}

/// <summary>One running Alertmanager or Prometheus, however it was launched.</summary>
public interface IMonitoringRun : IAsyncDisposable
{
    /// <summary>What runs, for failure messages.</summary>
    string Name { get; }

    /// <summary>The exit code once it has ended, null while it runs.</summary>
    long? ExitCode { get; }

    /// <summary>The last lines it logged, for failure messages.</summary>
    string Tail { get; }
}

/// <summary>
/// Launches a <see cref="MonitoringTool"/> with the configuration files in <c>directory</c>, listening on
/// 127.0.0.1:<c>port</c>: the machine's binary when its <c>TEST_*</c> variable is set, otherwise a container of
/// the official image with the files copied in.
/// </summary>
public static class MonitoringLauncher
{
    private const string ContainerConfigDirectory = "/etc/enrichment-test";

    public static async Task<IMonitoringRun> StartAsync(MonitoringTool tool, string directory, int port)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return TestServices.SourceOf(tool.Service) == ServiceSource.Variables
            ? BinaryRun.Start(tool.Binary(), tool.Arguments(Path.Combine(directory, tool.ConfigName), Path.Combine(directory, "data"), port), directory)
            : await ContainerRun.StartAsync(tool.Image, directory, ContainerConfigDirectory,
                tool.Arguments($"{ContainerConfigDirectory}/{tool.ConfigName}", tool.ContainerStorage, port));
    }

    private sealed class BinaryRun : IMonitoringRun
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();

        private BinaryRun(Process process) => _process = process;

        public string Name => _process.StartInfo.FileName;

        public long? ExitCode => _process.HasExited ? _process.ExitCode : null;

        public string Tail => string.Join('\n', _output.TakeLast(20));

        public static BinaryRun Start(string binary, string[] arguments, string directory)
        {
            var info = new ProcessStartInfo(binary, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            var run = new BinaryRun(new Process { StartInfo = info });
            run._process.OutputDataReceived += (_, e) => { if (e.Data is not null) run._output.Enqueue(e.Data); };
            run._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) run._output.Enqueue(e.Data); };
            run._process.Start();
            run._process.BeginOutputReadLine();
            run._process.BeginErrorReadLine();
            return run;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }

    private sealed class ContainerRun : IMonitoringRun
    {
        private readonly IContainer _container;
        private readonly CancellationTokenSource _stopWatching = new();
        private readonly Task<long> _exit;

        private ContainerRun(IContainer container)
        {
            _container = container;
            // Docker's wait call returns when the container ends: a tool that rejects its configuration fails at once.
            _exit = container.GetExitCodeAsync(_stopWatching.Token);
        }

        // Host networking is what lets the tool reach 127.0.0.1 addresses; on Docker Desktop it must be switched on.
        public string Name => $"{_container.Image.FullName} container (host network: on Docker Desktop, enable host networking)";

        public long? ExitCode => _exit.IsCompletedSuccessfully ? _exit.Result : null;

        public string Tail
        {
            get
            {
                var (stdout, stderr) = Task.Run(() => _container.GetLogsAsync(timestampsEnabled: false)).GetAwaiter().GetResult();
                return string.Join('\n', (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20));
            }
        }

        /// <summary>
        /// Host networking: the tool listens on 127.0.0.1:port exactly as the binary does, and reaches the gateway,
        /// webhook sinks and the other tool at the 127.0.0.1 addresses the tests write into its configuration.
        /// </summary>
        public static async Task<ContainerRun> StartAsync(string image, string directory, string target, string[] arguments)
        {
            var container = ServiceContainers.Track(new ContainerBuilder(image)
                .WithResourceMapping(new DirectoryInfo(directory), target)
                .WithCommand(arguments)
                .WithCreateParameterModifier(parameters => (parameters.HostConfig ??= new()).NetworkMode = "host")
                .Build());
            await container.StartAsync();
            return new ContainerRun(container);
        }

        public async ValueTask DisposeAsync()
        {
            await _stopWatching.CancelAsync();
            await _container.DisposeAsync();
            _stopWatching.Dispose();
        }
    }
}
