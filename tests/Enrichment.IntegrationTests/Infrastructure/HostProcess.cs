using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The real executable, <c>Enrichment.Host</c>, started as a separate process exactly as users run it,
/// with its stdout (enriched events) and stderr (logs) captured.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IReadOnlyCollection<string> StdoutLines => _stdout;

    /// <summary>The console notifier's alert events (<c>{"alert":…}</c>); its incident updates are in <see cref="IncidentUpdateLines"/>.</summary>
    public IReadOnlyList<string> AlertEventLines => _stdout.Where(l => !IsIncidentUpdate(l)).ToList();

    /// <summary>The console notifier's <c>IncidentUpdated</c> events (<c>{"event":…}</c>).</summary>
    public IReadOnlyList<string> IncidentUpdateLines => _stdout.Where(IsIncidentUpdate).ToList();

    private static bool IsIncidentUpdate(string line) => line.StartsWith("{\"event\":", StringComparison.Ordinal);

    public IReadOnlyCollection<string> StderrLines => _stderr;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The <c>Enrichment.Host.dll</c> every process starts from when set (the load tool's <c>--host</c>, e.g. a
    /// publish output); the build output of the suite's configuration otherwise.
    /// </summary>
    public static string? DllOverride { get; set; }

    /// <param name="stdoutLine">
    /// When given, every stdout line goes to it as it is read instead of being kept in <see cref="StdoutLines"/>: the load
    /// tool counts tens of thousands of console events without holding them all.
    /// </param>
    /// <param name="dll">The <c>Enrichment.Host.dll</c> to start, when not the suite's (<see cref="DllOverride"/> or the build output).</param>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, bool waitForReady = true, Action<string>? stdoutLine = null,
        string? dll = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [dll ?? DllOverride ?? HostDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A clean environment for the service: nothing of the test runner's own settings leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("TEST_", StringComparison.Ordinal) || k.StartsWith("ENRICHMENT_", StringComparison.Ordinal)
                     || k.StartsWith("LLM_", StringComparison.Ordinal) || k.StartsWith("NOTIFIER_", StringComparison.Ordinal)
                     || k.StartsWith("RABBITMQ_", StringComparison.Ordinal) || k.StartsWith("REDIS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += stdoutLine is null
            ? (_, e) => { if (e.Data is not null) host._stdout.Enqueue(e.Data); }
            : (_, e) => { if (e.Data is not null) stdoutLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._stderr.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitForReady)
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        return host;
    }

    public Task WaitUntilReadyAsync(TimeSpan timeout) =>
        Readiness.WaitAsync(Http, "/health/ready", _process, () => string.Join('\n', _stderr.TakeLast(30)), timeout);

    /// <summary>
    /// Waits until the process applies <paramref name="mode"/>: <c>/health/ready</c> reports the mode the gateway serves and
    /// each worker uses for its next batch. Fails with the last answer at the deadline.
    /// </summary>
    public async Task WaitForModeAsync(string mode, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync("/health/ready");
            last = await response.Content.ReadAsStringAsync();
            using var body = JsonDocument.Parse(last);
            if (body.RootElement.TryGetProperty("mode", out var current) && current.ValueKind == JsonValueKind.Object
                && current.GetProperty("mode").GetString() == mode)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{BaseAddress} did not apply mode {mode} within {timeout}; readiness said {last}");
    }

    /// <summary>Waits for the process to end and for its output to be read to the end.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, unacknowledged messages stay with the broker.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string HostDll()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = RepositoryPaths.Of("src", "Enrichment.Host", "bin", configuration, "net10.0", "Enrichment.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
    }
}
