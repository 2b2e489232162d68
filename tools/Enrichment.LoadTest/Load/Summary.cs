using System.Globalization;

namespace Enrichment.LoadTest.Load;

/// <summary>
/// The issue's target table, filled in by the scenarios as they run and printed at the end in its layout
/// (figure | measured | must | result), ready to paste into docs/PERFORMANCE.md.
/// </summary>
public sealed class Summary
{
    private readonly Dictionary<Figure, (string Measured, bool Pass)> _measured = [];

    /// <summary>The rows, in the issue's order, with their "must".</summary>
    public enum Figure
    {
        EndToEndConsole,
        EndToEndWebhook,
        CpuPerAlert,
        CacheHitLatency,
        StormModelCalls,
        IngestRatio,
        WorkerMemory,
    }

    private static readonly (Figure Figure, string Name, string Must)[] Rows =
    [
        (Figure.EndToEndConsole, "end to end, alerts/s (console notifier)", "≥ 5,000"),
        (Figure.EndToEndWebhook, "end to end with one webhook target", "≥ 4,000"),
        (Figure.CpuPerAlert, "CPU per alert, all processes + RabbitMQ", "≤ 0.35 ms"),
        (Figure.CacheHitLatency, "p99 receipt → enriched, cache hits, 500 alerts/s", "≤ 50 ms"),
        (Figure.StormModelCalls, "model calls, storm of 5,000 alerts of 50 rules, two worker processes, cold cache", "≤ 3"),
        (Figure.IngestRatio, "ingest ÷ Alertmanager's, same sender, every round incl. the first (cold)", "≥ 1.0 every round"),
        (Figure.WorkerMemory, "worker resident memory, flat out", "< 250 MiB"),
    ];

    public void Record(Figure figure, FormattableString measured, bool pass) =>
        _measured[figure] = (measured.ToString(CultureInfo.InvariantCulture), pass);

    /// <summary>
    /// Keeps the largest of several measurements of one figure (worker memory is measured in both end-to-end runs): the
    /// row shows, and is judged on, the worst.
    /// </summary>
    public void RecordMaximum(Figure figure, double value, Func<double, FormattableString> describe, Func<double, bool> pass)
    {
        var maximum = _maxima.TryGetValue(figure, out var previous) ? Math.Max(previous, value) : value;
        _maxima[figure] = maximum;
        Record(figure, describe(maximum), pass(maximum));
    }

    private readonly Dictionary<Figure, double> _maxima = [];

    public bool IsEmpty => _measured.Count == 0;

    /// <summary>The table, one Markdown row per figure; figures of scenarios that did not run say so.</summary>
    public IEnumerable<string> Lines()
    {
        yield return "| figure | measured | must | |";
        yield return "| --- | --- | --- | --- |";
        foreach (var (figure, name, must) in Rows)
        {
            yield return _measured.TryGetValue(figure, out var row)
                ? $"| {name} | {row.Measured} | {must} | {(row.Pass ? "PASS" : "FAIL")} |"
                : $"| {name} | not run | {must} | |";
        }
    }
}
