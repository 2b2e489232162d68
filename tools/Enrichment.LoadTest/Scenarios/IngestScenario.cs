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
    public static async Task RunAsync(RunContext run)
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

        // The sender's own JIT warm-up, so that the tool's first requests do not slow Alertmanager's cold round: one request
        // to Alertmanager, a Go binary with nothing to compile (if anything, a head start for it, not for the gateway).
        await run.Sender.FlatOutAsync(targets[0].Url, Batch(options.AlertsPerRequest), 1, CancellationToken.None);
        if (options.IngestWarmUp > 0)
        {
            Report.Progress($"ingest: warming up both targets with {options.IngestWarmUp} alerts each");
            foreach (var (_, url) in targets)
            {
                await run.Sender.FlatOutAsync(url, Batch(options.IngestWarmUp), options.Concurrency, CancellationToken.None);
            }
            await run.Broker.PurgeAsync(MessagingTopology.AlertsQueue);
        }

        var cpu = Meter();
        CpuMeter Meter() => new([("gateway", gateway.ProcessId), ("alertmanager", alertmanager.ProcessId), ("rabbitmq", run.Services.RabbitMq), ("loadtool", Environment.ProcessId)]);
        var totals = targets.ToDictionary(t => t.Name, _ => (Alerts: 0, Seconds: 0.0));
        var ratios = new List<double>();
        for (var round = 1; round <= options.IngestRounds; round++)
        {
            var rates = new Dictionary<string, double>();
            foreach (var (name, url) in targets)
            {
                var requests = Batch(options.IngestAlerts);
                var roundCpu = Meter();
                var result = await run.Sender.FlatOutAsync(url, requests, options.Concurrency, CancellationToken.None);
                // CPU per alert is robust to a noisy machine where the rate is not: a cold round shows as JIT time here.
                double PerAlert(string process) => roundCpu.Seconds(process) * 1e6 / Math.Max(result.Accepted, 1);
                var spent = name == "gateway" ? $"gateway {PerAlert("gateway"):0} + RabbitMQ {PerAlert("rabbitmq"):0}" : $"{PerAlert("alertmanager"):0}";
                Report.Line($"ingest round {round} {name,-12} {result.Accepted,7} accepted {result.Refused,5} refused in {result.Elapsed.TotalSeconds,6:0.00} s = {result.AcceptedPerSecond,8:#,0} alerts/s, CPU per alert {spent} µs{(result.LastError is null ? "" : "  last error: " + result.LastError)}");
                totals[name] = (totals[name].Alerts + result.Accepted, totals[name].Seconds + result.Elapsed.TotalSeconds);
                // A refused alert is not ingested: a round with refusals counts only what was accepted.
                rates[name] = result.AcceptedPerSecond;
            }
            ratios.Add(rates["gateway"] / rates["alertmanager"]);
            Report.Line($"ingest round {round} ratio gateway/alertmanager {ratios[^1]:0.00}{(round == 1 && options.IngestWarmUp == 0 ? " (cold: both processes just started)" : "")}");
            // Keep the broker's queue from growing round after round: each gateway round starts on an empty queue.
            await run.Broker.PurgeAsync(MessagingTopology.AlertsQueue);
        }
        var alertmanagerRate = totals["alertmanager"].Alerts / totals["alertmanager"].Seconds;
        var gatewayRate = totals["gateway"].Alerts / totals["gateway"].Seconds;
        Report.Line($"ingest alertmanager {alertmanagerRate:#,0} alerts/s, gateway {gatewayRate:#,0} alerts/s (200 after confirms): ratio gateway/alertmanager {gatewayRate / alertmanagerRate:0.00}");
        run.Summary.Record(Summary.Figure.IngestRatio, $"{ratios.Min():0.00} minimum ({string.Join(" · ", ratios.Select(r => r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}){(options.IngestWarmUp == 0 ? "" : $", after a {options.IngestWarmUp}-alert warm-up")}",
            ratios.Min() >= 1.0 && options.IngestWarmUp == 0);
        Report.Line($"ingest ratio per round {string.Join(" · ", ratios.Select(r => r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}: minimum {ratios.Min():0.00}");
        Report.Line($"ingest cpu over all rounds: {cpu.Describe()}");
        Report.Line($"ingest resident memory: gateway {ResidentMemory.Megabytes(gateway.ProcessId):0} MiB, alertmanager {ResidentMemory.Megabytes(alertmanager.ProcessId):0} MiB");
    }
}
