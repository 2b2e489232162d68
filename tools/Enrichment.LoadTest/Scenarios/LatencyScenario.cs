using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;

namespace Enrichment.LoadTest.Scenarios;

/// <summary>
/// Latency on cache hits at a steady rate: workers with the (fake) model, its answers for every rule
/// already cached, alerts paced at <c>--rate</c> in small webhooks. Reports receipt→enriched and
/// receipt→sink percentiles of the cache hits, and what the phase cost in model calls.
/// </summary>
public static class LatencyScenario
{
    public static async Task RunAsync(RunContext run)
    {
        var options = run.Options;
        var corpus = CorpusAlerts.Load(options.Rules, run.RunId + "l");
        await using var sink = await LatencySink.StartAsync();
        await using var model = await FakeModel.StartAsync(options.ModelLatency);
        await using var stack = await ServiceStack.StartAsync(run.SharedEnvironment("latency"), RunContext.ModelEnvironment(model), options.Workers, sink);
        var gateway = new Uri(stack.Gateway.BaseAddress, "/webhook");

        // Warm: every rule once, so the paced phase runs on cache hits (L1 of whichever worker, or L2).
        Report.Progress($"latency: classifying {corpus.RuleCount} rules once to fill the cache");
        var warm = RunContext.Requests(0, corpus.RuleCount * 2, options.AlertsPerRequest, corpus.Webhook);
        await run.Sender.FlatOutAsync(gateway, warm, options.Concurrency, CancellationToken.None);
        await sink.WaitForAsync(corpus.RuleCount * 2, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
        sink.Drain();
        var callsBefore = model.Calls;

        var count = (int)(options.Rate * options.Duration.TotalSeconds);
        var requests = RunContext.Requests(corpus.RuleCount * 2, count, options.PacedAlertsPerRequest, corpus.Webhook);
        Report.Progress($"latency: {count} alerts at {options.Rate} alerts/s in webhooks of {options.PacedAlertsPerRequest}");
        var memory = new ResidentMemorySampler(stack.Workers.Select(w => w.ProcessId).ToArray());
        var sent = await run.Sender.PacedAsync(gateway, requests, options.Rate / options.PacedAlertsPerRequest, CancellationToken.None);
        var complete = await sink.WaitForAsync(sent.Accepted, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2));
        await memory.DisposeAsync();
        var arrivals = sink.Drain();
        var hits = arrivals.Where(a => a.Cache is "l1" or "l2").ToList();
        Report.Line($"latency sent {sent.Accepted} alerts ({sent.Refused} refused) in {sent.Elapsed.TotalSeconds:0.0} s = {sent.AcceptedPerSecond:#,0} alerts/s; delivered {arrivals.Count}{(complete ? "" : " INCOMPLETE")}, cache hits {hits.Count} (l1 {hits.Count(a => a.Cache == "l1")}, l2 {hits.Count(a => a.Cache == "l2")})");
        Report.Line($"latency cache hits receipt→enriched {Percentiles.Describe(hits.Select(a => (a.EnrichedAt - a.ReceivedAt).TotalMilliseconds))}");
        Report.Line($"latency cache hits receipt→sink     {Percentiles.Describe(hits.Select(a => (a.ArrivedAt - a.ReceivedAt).TotalMilliseconds))}");
        var p99 = Percentiles.At(hits.Select(a => (a.EnrichedAt - a.ReceivedAt).TotalMilliseconds).Order().ToArray() is { Length: > 0 } sorted ? sorted : [double.NaN], 99);
        run.Summary.Record(Summary.Figure.CacheHitLatency, $"{p99:0.0} ms ({hits.Count} hits at {sent.AcceptedPerSecond:#,0} alerts/s){(complete ? "" : " (incomplete)")}",
            complete && hits.Count > 0 && p99 <= 50);
        var calls = model.Calls - callsBefore;
        Report.Line($"latency model calls during the paced phase: {calls} = {calls * 1000.0 / Math.Max(sent.Accepted, 1):0.00} per 1,000 alerts (warm-up: {callsBefore} calls for {corpus.RuleCount} rules)");
        EndToEndScenario.ReportMemory("latency", stack, memory);
    }
}
