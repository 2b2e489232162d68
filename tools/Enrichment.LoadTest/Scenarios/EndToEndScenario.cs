using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;

namespace Enrichment.LoadTest.Scenarios;

/// <summary>
/// Flat out through the whole distributed service with rule-based enrichment (no model): gateway, workers and notifier
/// as separate processes, the notifier delivering every event to one target — its console (<c>e2e-console</c>, the
/// notifier's stdout read by the tool) or the tool's webhook sink (<c>e2e-webhook</c>).
/// </summary>
public static class EndToEndScenario
{
    public static async Task RunConsoleAsync(RunContext run) => await RunAsync(run, new ConsoleSink());

    public static async Task RunWebhookAsync(RunContext run)
    {
        await using var sink = await LatencySink.StartAsync();
        await RunAsync(run, sink);
    }

    private static async Task RunAsync(RunContext run, IDeliverySink sink)
    {
        var options = run.Options;
        var name = $"e2e-{sink.Kind}";
        var perRequest = options.EndToEndAlertsPerRequest;
        var corpus = CorpusAlerts.Load(options.Rules, run.RunId + (sink.Kind == "console" ? "c" : "e"));
        await using var stack = await ServiceStack.StartAsync(run.SharedEnvironment(name), new Dictionary<string, string>(), options.Workers, sink);
        var gateway = new Uri(stack.Gateway.BaseAddress, "/webhook");

        var warmUp = Math.Min(2_000, options.Alerts);
        Report.Progress($"{name}: warming up with {warmUp} alerts");
        await run.Sender.FlatOutAsync(gateway, RunContext.Requests(0, warmUp, perRequest, corpus.Webhook), options.Concurrency, CancellationToken.None);
        await sink.WaitForAsync(warmUp, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
        sink.Drain();

        var requests = RunContext.Requests(warmUp, options.Alerts, perRequest, corpus.Webhook);
        Report.Progress($"{name}: {options.Alerts} alerts flat out, {options.Concurrency} requests in flight, {perRequest} alerts per webhook");
        var start = DateTimeOffset.UtcNow;
        var cpu = CpuMeter.ForStack(stack, run.Services);
        var memory = new ResidentMemorySampler(stack.Workers.Select(w => w.ProcessId).ToArray());
        var sent = await run.Sender.FlatOutAsync(gateway, requests, options.Concurrency, CancellationToken.None);
        var complete = await sink.WaitForAsync(sent.Accepted, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5));
        // Read before parsing what arrived: the tool's own parsing is no part of the phase.
        var serviceCpu = cpu.Total(CpuMeter.NotService);
        var redisCpu = cpu.Seconds("redis");
        var cpuLine = cpu.Describe();
        await memory.DisposeAsync();
        var arrivals = sink.Drain();
        var last = arrivals.Count == 0 ? start : arrivals.Max(a => a.ArrivedAt);
        var seconds = Math.Max((last - start).TotalSeconds, 1e-9);
        var distinct = arrivals.Select(a => a.Fingerprint).Distinct().Count();
        var delivered = distinct / seconds;
        Report.Line($"{name} accepted {sent.Accepted} alerts ({sent.Refused} refused) in {sent.Elapsed.TotalSeconds:0.00} s = {sent.AcceptedPerSecond:#,0} alerts/s (2xx after confirms), webhooks of {perRequest}");
        Report.Line($"{name} delivered {distinct} distinct alerts ({arrivals.Count} events){(complete ? "" : " INCOMPLETE")} to the {sink.Kind} in {seconds:0.00} s = {delivered:#,0} alerts/s end to end");
        Report.Line($"{name} receipt→enriched {Percentiles.Describe(arrivals.Select(a => (a.EnrichedAt - a.ReceivedAt).TotalMilliseconds))}");
        Report.Line($"{name} receipt→{sink.Kind,-7} {Percentiles.Describe(arrivals.Select(a => (a.ArrivedAt - a.ReceivedAt).TotalMilliseconds))}");
        Report.Line($"{name} cpu: {cpuLine}");
        var perAlert = serviceCpu * 1000 / Math.Max(sent.Accepted, 1);
        var withRedis = (serviceCpu + redisCpu) * 1000 / Math.Max(sent.Accepted, 1);
        Report.Line($"{name} CPU per alert: {perAlert:0.000} ms (gateway, workers, notifier and RabbitMQ: {serviceCpu:0.00} s for {sent.Accepted} alerts); with Redis {withRedis:0.000} ms{(cpu.Has("rabbitmq") ? "" : " — RabbitMQ's process not found, not counted")}");
        Report.Line($"{name} sources: {string.Join(", ", arrivals.GroupBy(a => a.Source ?? "null").Select(g => $"{g.Key} {g.Count()}"))}");
        ReportMemory(name, stack, memory);

        var ok = complete && sent.Refused == 0;
        if (sink.Kind == "console")
        {
            run.Summary.Record(Summary.Figure.EndToEndConsole, $"{delivered:#,0} alerts/s{(ok ? "" : " (incomplete)")}", ok && delivered >= 5_000);
            // The issue's CPU figure is the console run's ("as above"); Redis is named beside it.
            run.Summary.Record(Summary.Figure.CpuPerAlert, $"{perAlert:0.000} ms (with Redis {withRedis:0.000} ms)", ok && cpu.Has("rabbitmq") && perAlert <= 0.35);
        }
        else
        {
            run.Summary.Record(Summary.Figure.EndToEndWebhook, $"{delivered:#,0} alerts/s{(ok ? "" : " (incomplete)")}", ok && delivered >= 4_000);
        }
        var peak = memory.Peaks.DefaultIfEmpty(0).Max();
        run.Summary.RecordMaximum(Summary.Figure.WorkerMemory, peak, worst => $"{worst:0} MiB peak ({options.Workers} workers)", worst => worst < 250);
    }

    internal static void ReportMemory(string scenario, ServiceStack stack, ResidentMemorySampler workers)
    {
        Report.Line($"{scenario} worker resident memory, peak under load: {string.Join(", ", workers.Peaks.Select(p => $"{p:0} MiB"))}");
        Report.Line($"{scenario} resident memory now: workers {string.Join(", ", stack.Workers.Select(w => $"{ResidentMemory.Megabytes(w.ProcessId):0} MiB"))}; gateway {ResidentMemory.Megabytes(stack.Gateway.ProcessId):0} MiB; notifier {ResidentMemory.Megabytes(stack.Notifier!.ProcessId):0} MiB");
    }
}
