using Enrichment.LoadTest;
using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;
using Enrichment.LoadTest.Scenarios;

// dotnet run -c Release --project tools/Enrichment.LoadTest -- --scenario all
// Figures go to stdout, progress to stderr. See tools/Enrichment.LoadTest/README.md and docs/PERFORMANCE.md.
var options = LoadOptions.Parse(args);
var runId = DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
using var broker = new Broker(options.RabbitMq, options.Management);
var amqp = await broker.CreateVirtualHostAsync(runId);
using var sender = new Sender(Math.Max(options.Concurrency, 64));
var run = new RunContext(options, runId, broker, amqp, sender);
Report.Line($"run {runId}: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}, scenario {options.Scenario}, {options.Workers} workers, {string.Join(" ", options.Environment.Select(e => $"{e.Key}={e.Value}"))}");
try
{
    var scenarios = options.Scenario == "all" ? ["ingest", "e2e", "latency", "storm"] : options.Scenario.Split(',');
    foreach (var scenario in scenarios)
    {
        switch (scenario)
        {
            case "ingest": await IngestScenario.RunAsync(run); break;
            case "e2e": await EndToEndScenario.RunAsync(run); break;
            case "latency": await LatencyScenario.RunAsync(run); break;
            case "storm": await StormScenario.RunAsync(run); break;
            default: throw new ArgumentException($"unknown scenario {scenario}: ingest, e2e, latency, storm or all");
        }
    }
    Report.Line($"run {runId} done, load average {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    await broker.DeleteVirtualHostAsync();
}
