using Enrichment.LoadTest;
using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;
using Enrichment.LoadTest.Scenarios;

// dotnet run -c Release --project tools/Enrichment.LoadTest -- --scenario all
// Figures go to stdout, progress to stderr. See tools/Enrichment.LoadTest/README.md and docs/PERFORMANCE.md.
var options = LoadOptions.Parse(args);
if (options.Host == "publish")
{
    Report.Progress($"publishing Enrichment.Host as the image does (JIT only, tiered compilation off); --host build skips this");
}
Enrichment.IntegrationTests.Infrastructure.HostProcess.DllOverride = options.Host switch
{
    "build" => null,
    "publish" => await HostPublish.PublishAsync(),
    var path => path,
};
var runId = DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
using var broker = new Broker(options.RabbitMq, options.Management);
var amqp = await broker.CreateVirtualHostAsync(runId);
using var sender = new Sender(Math.Max(options.Concurrency, 64));
var services = BackingServices.Find(options);
var run = new RunContext(options, runId, broker, amqp, sender, services);
Report.Line($"run {runId}: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}, scenario {options.Scenario}, {options.Workers} workers, {string.Join(" ", options.Environment.Select(e => $"{e.Key}={e.Value}"))}");
Report.Line($"host {(options.Host == "build" ? "build output (src/Enrichment.Host/bin/Release/net10.0)" : options.Host == "publish" ? "published and run as the image (JIT only, tiered compilation off; " + Enrichment.IntegrationTests.Infrastructure.HostProcess.DllOverride + ")" : options.Host)}; {services.Describe()}");
try
{
    var scenarios = options.Scenario == "all" ? ["ingest", "e2e-console", "e2e-webhook", "latency", "storm"] : options.Scenario.Split(',');
    foreach (var scenario in scenarios)
    {
        switch (scenario)
        {
            case "ingest": await IngestScenario.RunAsync(run); break;
            case "e2e-console": await EndToEndScenario.RunConsoleAsync(run); break;
            case "e2e-webhook": await EndToEndScenario.RunWebhookAsync(run); break;
            case "e2e":
                await EndToEndScenario.RunConsoleAsync(run);
                await EndToEndScenario.RunWebhookAsync(run);
                break;
            case "latency": await LatencyScenario.RunAsync(run); break;
            case "storm": await StormScenario.RunAsync(run); break;
            default: throw new ArgumentException($"unknown scenario {scenario}: ingest, e2e-console, e2e-webhook, e2e (both), latency, storm or all");
        }
    }
    if (!run.Summary.IsEmpty)
    {
        Report.Line($"");
        Report.Line($"summary (issue 15's targets; paste into docs/PERFORMANCE.md):");
        foreach (var line in run.Summary.Lines())
        {
            Report.Line($"{line}");
        }
    }
    Report.Line($"run {runId} done, load average {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    await broker.DeleteVirtualHostAsync();
}
