using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;

namespace Enrichment.LoadTest.Scenarios;

/// <summary>
/// A storm on a cold cache: <c>--storm-alerts</c> alerts of <c>--storm-rules</c> rules on as many hosts,
/// flat out, with the (fake) model. Reports model calls — the bill — and how long the storm took.
/// </summary>
public static class StormScenario
{
    public static async Task RunAsync(RunContext run)
    {
        var options = run.Options;
        var corpus = CorpusAlerts.Load(options.StormRules, run.RunId + "s");
        await using var sink = await LatencySink.StartAsync();
        await using var model = await FakeModel.StartAsync(options.ModelLatency);
        await using var stack = await ServiceStack.StartAsync(run.SharedEnvironment("storm"), RunContext.ModelEnvironment(model), options.Workers, sink);
        var gateway = new Uri(stack.Gateway.BaseAddress, "/webhook");

        var requests = RunContext.Requests(0, options.StormAlerts, options.AlertsPerRequest, corpus.Webhook);
        Report.Progress($"storm: {options.StormAlerts} alerts of {options.StormRules} rules, model latency {options.ModelLatency.TotalMilliseconds} ms");
        var start = DateTimeOffset.UtcNow;
        var sent = await run.Sender.FlatOutAsync(gateway, requests, options.Concurrency, CancellationToken.None);
        var complete = await sink.WaitForAsync(sent.Accepted, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
        var arrivals = sink.Drain();
        var seconds = ((arrivals.Count == 0 ? start : arrivals.Max(a => a.ArrivedAt)) - start).TotalSeconds;
        Report.Line($"storm {sent.Accepted} alerts of {options.StormRules} rules accepted in {sent.Elapsed.TotalSeconds:0.00} s; {arrivals.Select(a => a.Fingerprint).Distinct().Count()} delivered{(complete ? "" : " INCOMPLETE")} in {seconds:0.00} s");
        Report.Line($"storm model calls {model.Calls} ({options.Workers} worker processes) carrying {model.AlertsAsked} alerts = {model.Calls * 1000.0 / Math.Max(sent.Accepted, 1):0.00} calls per 1,000 alerts");
        var asIssued = options.Workers == 2 && options.StormAlerts == 5_000 && options.StormRules == 50;
        run.Summary.Record(Summary.Figure.StormModelCalls,
            $"{model.Calls}{(asIssued ? "" : $" ({options.StormAlerts} alerts of {options.StormRules} rules, {options.Workers} workers)")}{(complete ? "" : " (incomplete)")}",
            complete && model.Calls <= 3);
        Report.Line($"storm answers: {string.Join(", ", arrivals.GroupBy(a => $"{a.Source}/{a.Cache}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
    }
}
