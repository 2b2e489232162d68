using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;

namespace Enrichment.LoadTest.Scenarios;

/// <summary>
/// Flat out through the whole distributed service with rule-based enrichment (no model): gateway,
/// workers and notifier as separate processes, the notifier posting every event to the sink.
/// </summary>
public static class EndToEndScenario
{
    public static async Task RunAsync(RunContext run)
    {
        var options = run.Options;
        var corpus = CorpusAlerts.Load(options.Rules, run.RunId + "e");
        await using var sink = await LatencySink.StartAsync();
        await using var stack = await ServiceStack.StartAsync(run.SharedEnvironment("e2e"), new Dictionary<string, string>(), options.Workers, sink.Url);
        var gateway = new Uri(stack.Gateway.BaseAddress, "/webhook");

        var warmUp = Math.Min(2_000, options.Alerts);
        Report.Progress($"e2e: warming up with {warmUp} alerts");
        await run.Sender.FlatOutAsync(gateway, RunContext.Requests(0, warmUp, options.AlertsPerRequest, corpus.Webhook), options.Concurrency, CancellationToken.None);
        await sink.WaitForAsync(warmUp, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
        sink.Drain();

        var requests = RunContext.Requests(warmUp, options.Alerts, options.AlertsPerRequest, corpus.Webhook);
        Report.Progress($"e2e: {options.Alerts} alerts flat out, {options.Concurrency} requests in flight, {options.AlertsPerRequest} alerts per webhook");
        var start = DateTimeOffset.UtcNow;
        var cpu = CpuMeter.ForStack(stack);
        var memory = new ResidentMemorySampler(stack.Workers.Select(w => w.ProcessId).ToArray());
        {
            var sent = await run.Sender.FlatOutAsync(gateway, requests, options.Concurrency, CancellationToken.None);
            var complete = await sink.WaitForAsync(sent.Accepted, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5));
            var arrivals = sink.Drain();
            var last = arrivals.Count == 0 ? start : arrivals.Max(a => a.ArrivedAt);
            var seconds = (last - start).TotalSeconds;
            Report.Line($"e2e accepted {sent.Accepted} alerts ({sent.Refused} refused) in {sent.Elapsed.TotalSeconds:0.00} s = {sent.AcceptedPerSecond:#,0} alerts/s (2xx after confirms)");
            Report.Line($"e2e delivered {arrivals.Select(a => a.Fingerprint).Distinct().Count()} distinct alerts ({arrivals.Count} events){(complete ? "" : " INCOMPLETE")} to the sink in {seconds:0.00} s = {arrivals.Count / Math.Max(seconds, 1e-9):#,0} alerts/s end to end");
            Report.Line($"e2e receipt→enriched {Percentiles.Describe(arrivals.Select(a => (a.EnrichedAt - a.ReceivedAt).TotalMilliseconds))}");
            Report.Line($"e2e receipt→sink     {Percentiles.Describe(arrivals.Select(a => (a.ArrivedAt - a.ReceivedAt).TotalMilliseconds))}");
            Report.Line($"e2e cpu: {cpu.Describe()}");
            Report.Line($"e2e sources: {string.Join(", ", arrivals.GroupBy(a => a.Source ?? "null").Select(g => $"{g.Key} {g.Count()}"))}");
        }
        await memory.DisposeAsync();
        ReportMemory("e2e", stack, memory);
    }

    internal static void ReportMemory(string scenario, ServiceStack stack, ResidentMemorySampler workers)
    {
        Report.Line($"{scenario} worker resident memory, peak under load: {string.Join(", ", workers.Peaks.Select(p => $"{p:0} MiB"))}");
        Report.Line($"{scenario} resident memory now: workers {string.Join(", ", stack.Workers.Select(w => $"{ResidentMemory.Megabytes(w.ProcessId):0} MiB"))}; gateway {ResidentMemory.Megabytes(stack.Gateway.ProcessId):0} MiB; notifier {ResidentMemory.Megabytes(stack.Notifier!.ProcessId):0} MiB");
    }
}
