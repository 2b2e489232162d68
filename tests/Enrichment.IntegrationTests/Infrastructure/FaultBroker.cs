using System.Diagnostics;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// A private RabbitMQ for fault injection: the node <c>scripts/test.sh</c> starts (node <c>faults</c>, port
/// 5673), or, without <c>TEST_FAULT_RABBITMQ_NODE</c>, a container of its own. Its broker application is
/// stopped and started mid-stream with <c>rabbitmqctl</c> (inside the container there): the Erlang node and
/// the container keep running, so the port stays the same. The main broker is never touched.
/// </summary>
public static class FaultBroker
{
    private static string Node => ServiceSelection.Current.Required("TEST_FAULT_RABBITMQ_NODE", TestService.FaultRabbitMq);

    private static string Port => Environment.GetEnvironmentVariable("TEST_FAULT_RABBITMQ_PORT") ?? "5673";

    private static bool InContainer => TestServices.SourceOf(TestService.FaultRabbitMq) == ServiceSource.Containers;

    /// <summary>A fresh virtual host on the fault node; returns its AMQP URL.</summary>
    public static async Task<string> CreateVirtualHostAsync(string name)
    {
        var vhost = $"fault-{name}-{Guid.NewGuid():N}"[..32];
        var user = InContainer ? ServiceContainers.RabbitMqUser : "guest";
        await CtlAsync("add_vhost", vhost);
        await CtlAsync("set_permissions", "-p", vhost, user, ".*", ".*", ".*");
        return InContainer
            ? ServiceContainers.Amqp(ServiceContainers.FaultRabbitMq, vhost).ToString()
            : $"amqp://guest:guest@127.0.0.1:{Port}/{vhost}";
    }

    /// <summary>Stops the broker application: every connection drops, nothing is accepted.</summary>
    public static Task StopAsync() => CtlAsync("stop_app");

    public static Task StartAsync() => CtlAsync("start_app");

    private static async Task CtlAsync(params string[] arguments)
    {
        var (exitCode, error) = InContainer ? await InContainerAsync(arguments) : await OnMachineAsync(arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {error}");
        }
    }

    private static async Task<(long ExitCode, string Error)> InContainerAsync(string[] arguments)
    {
        var result = await ServiceContainers.FaultRabbitMq.ExecAsync(["rabbitmqctl", "-q", .. arguments]);
        return (result.ExitCode ?? -1, result.Stderr);
    }

    private static async Task<(long ExitCode, string Error)> OnMachineAsync(string[] arguments)
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
        return (process.ExitCode, await error);
    }
}
