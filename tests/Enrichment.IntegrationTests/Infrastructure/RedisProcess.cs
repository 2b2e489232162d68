using System.Diagnostics;
using Testcontainers.Redis;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// A private Redis the test can stop and start again on the same port: the machine's redis-server when the
/// suite's Redis comes from <c>TEST_REDIS_URL</c> (scripts/test.sh installs both), otherwise a container
/// bound to a fixed host port, so that a restart does not move it.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private Process? _process;
    private RedisContainer? _container;

    public int Port { get; } = HostProcess.FreePort();

    public string Url => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess();
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        if (TestServices.SourceOf(TestService.Redis) == ServiceSource.Containers)
        {
            // The image's wait strategy (redis-cli ping) runs again on every start.
            _container ??= ServiceContainers.Track(new RedisBuilder(ServiceContainers.RedisImage).WithPortBinding(Port, 6379).Build());
            await _container.StartAsync();
            return;
        }
        var info = new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("redis-server did not start");
    }

    public async Task StopAsync()
    {
        if (_container is not null)
        {
            await _container.StopAsync();
        }
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
