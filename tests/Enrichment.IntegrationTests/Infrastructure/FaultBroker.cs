using System.Diagnostics;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The private RabbitMQ node that <c>scripts/test.sh</c> starts for fault injection (node <c>faults</c>,
/// port 5673). Its broker application is stopped and started mid-stream; the main node is never touched.
/// </summary>
public static class FaultBroker
{
    private static string Node => Environment.GetEnvironmentVariable("TEST_FAULT_RABBITMQ_NODE") is { Length: > 0 } node
        ? node
        : throw new InvalidOperationException("TEST_FAULT_RABBITMQ_NODE is not set. Run the suite with scripts/test.sh.");

    private static string Port => Environment.GetEnvironmentVariable("TEST_FAULT_RABBITMQ_PORT") ?? "5673";

    /// <summary>A fresh virtual host on the fault node; returns its AMQP URL.</summary>
    public static async Task<string> CreateVirtualHostAsync(string name)
    {
        var vhost = $"fault-{name}-{Guid.NewGuid():N}"[..32];
        await CtlAsync("add_vhost", vhost);
        await CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return $"amqp://guest:guest@127.0.0.1:{Port}/{vhost}";
    }

    /// <summary>Stops the broker application: every connection drops, nothing is accepted.</summary>
    public static Task StopAsync() => CtlAsync("stop_app");

    public static Task StartAsync() => CtlAsync("start_app");

    private static async Task CtlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("rabbitmqctl", ["-n", Node, "-q", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {await error}");
        }
    }
}
