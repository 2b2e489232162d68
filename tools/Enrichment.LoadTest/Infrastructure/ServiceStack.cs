using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// The service as users run it distributed: a gateway, N workers and a notifier, each its own
/// <c>Enrichment.Host</c> process, on the run's RabbitMQ virtual host and Redis key prefix.
/// </summary>
public sealed class ServiceStack : IAsyncDisposable
{
    private ServiceStack(HostProcess gateway, IReadOnlyList<HostProcess> workers, HostProcess? notifier)
    {
        Gateway = gateway;
        Workers = workers;
        Notifier = notifier;
    }

    public HostProcess Gateway { get; }

    public IReadOnlyList<HostProcess> Workers { get; }

    public HostProcess? Notifier { get; }

    public IEnumerable<HostProcess> All => new[] { Gateway }.Concat(Workers).Concat(Notifier is null ? [] : [Notifier]);

    /// <param name="shared">Environment every process gets (bus, Redis, mode, the caller's extras).</param>
    /// <param name="worker">Environment only workers get (the model).</param>
    public static async Task<ServiceStack> StartAsync(IReadOnlyDictionary<string, string> shared, IReadOnlyDictionary<string, string> worker,
        int workers, IDeliverySink? sink)
    {
        Dictionary<string, string> With(string roles, IReadOnlyDictionary<string, string>? extra = null)
        {
            var environment = new Dictionary<string, string>(shared) { ["ENRICHMENT_ROLES"] = roles };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }
            return environment;
        }

        // Workers get the target too: they declare its queue before publishing, so nothing depends on which process is up first.
        var targets = sink?.TargetEnvironment ?? new Dictionary<string, string>();
        var gateway = HostProcess.StartAsync(With("gateway"));
        var workerProcesses = Enumerable.Range(0, workers)
            .Select(_ => HostProcess.StartAsync(With("worker", worker.Concat(targets).ToDictionary()))).ToArray();
        var notifier = sink is null ? null : HostProcess.StartAsync(With("notifier", targets), stdoutLine: sink.NotifierStdout);
        var started = await Task.WhenAll(new[] { gateway }.Concat(workerProcesses).Concat(notifier is null ? [] : [notifier]));
        return new ServiceStack(started[0], started[1..(1 + workers)], notifier is null ? null : started[^1]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in All)
        {
            await process.DisposeAsync();
        }
    }
}
