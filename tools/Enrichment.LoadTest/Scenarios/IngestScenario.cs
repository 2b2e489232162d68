using Enrichment.Contracts;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;

namespace Enrichment.LoadTest.Scenarios;

/// <summary>
/// Ingest side by side: Alertmanager's own <c>POST /api/v2/alerts</c> and the gateway's, same sender,
/// same bodies, same concurrency, in alternating rounds so that a noisy neighbour hurts both alike.
/// Only the gateway runs (no workers): its 200 means RabbitMQ confirmed every alert of the request.
/// </summary>
public static class IngestScenario
{
    public static async Task<double> RunAsync(RunContext run)
    {
        var options = run.Options;
        var corpus = CorpusAlerts.Load(options.Rules, run.RunId + "i");
        await using var alertmanager = await AlertmanagerProcess.StartAsync(options.AlertmanagerBinary);
        await using var gateway = await HostProcess.StartAsync(new Dictionary<string, string>(run.SharedEnvironment("ingest")) { ["ENRICHMENT_ROLES"] = "gateway" });
        var targets = new (string Name, Uri Url)[]
        {
            ("alertmanager", new Uri(alertmanager.BaseAddress, "/api/v2/alerts")),
            ("gateway", new Uri(gateway.BaseAddress, "/api/v2/alerts")),
        };
        var next = 0;
        List<Sender.Request> Batch(int count)
        {
            var requests = RunContext.Requests(next, count, options.AlertsPerRequest, corpus.PostableAlerts);
            next += count;
            return requests;
        }

        Report.Progress($"ingest: warming up both targets");
        foreach (var (_, url) in targets)
        {
            await run.Sender.FlatOutAsync(url, Batch(Math.Min(2_000, options.IngestAlerts)), options.Concurrency, CancellationToken.None);
        }
        await run.Broker.PurgeAsync(MessagingTopology.AlertsQueue);

        var cpu = new CpuMeter([("gateway", gateway.ProcessId), ("alertmanager", alertmanager.ProcessId), ("rabbitmq", CpuTime.FindByName("beam.smp")), ("loadtool", Environment.ProcessId)]);
        var totals = targets.ToDictionary(t => t.Name, _ => (Alerts: 0, Seconds: 0.0));
        for (var round = 1; round <= options.IngestRounds; round++)
        {
            foreach (var (name, url) in targets)
            {
                var requests = Batch(options.IngestAlerts);
                var result = await run.Sender.FlatOutAsync(url, requests, options.Concurrency, CancellationToken.None);
                Report.Line($"ingest round {round} {name,-12} {result.Accepted,7} accepted {result.Refused,5} refused in {result.Elapsed.TotalSeconds,6:0.00} s = {result.AcceptedPerSecond,8:#,0} alerts/s{(result.LastError is null ? "" : "  last error: " + result.LastError)}");
                totals[name] = (totals[name].Alerts + result.Accepted, totals[name].Seconds + result.Elapsed.TotalSeconds);
            }
            // Keep the broker's queue from growing round after round: each gateway round starts on an empty queue.
            await run.Broker.PurgeAsync(MessagingTopology.AlertsQueue);
        }
        var alertmanagerRate = totals["alertmanager"].Alerts / totals["alertmanager"].Seconds;
        var gatewayRate = totals["gateway"].Alerts / totals["gateway"].Seconds;
        Report.Line($"ingest alertmanager {alertmanagerRate:#,0} alerts/s, gateway {gatewayRate:#,0} alerts/s (200 after confirms): ratio gateway/alertmanager {gatewayRate / alertmanagerRate:0.00}");
        Report.Line($"ingest cpu over all rounds: {cpu.Describe()}");
        Report.Line($"ingest resident memory: gateway {ResidentMemory.Megabytes(gateway.ProcessId):0} MiB, alertmanager {ResidentMemory.Megabytes(alertmanager.ProcessId):0} MiB");
        return gatewayRate / alertmanagerRate;
    }
}
