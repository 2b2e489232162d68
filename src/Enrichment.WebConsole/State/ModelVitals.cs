using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Enrichment.WebConsole.State;

/// <summary>
/// What one process that classifies (a worker) can tell of its model: the circuit per provider, calls, tokens and cost in
/// the last hour, the classification cache's hit ratio, and how much of its per-process budgets is left. Figures come from
/// the process's own <c>enrichment_*</c> counters; "left" figures are as exact as the 10 s sampling (marked approximate).
/// </summary>
internal sealed record ModelVitals
{
    public required string Reporter { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>Minutes the hourly figures cover: less than 60 in a process younger than an hour.</summary>
    public required double WindowMinutes { get; init; }

    /// <summary>Provider → <c>closed</c>, <c>half_open</c> or <c>open</c>.</summary>
    public required IReadOnlyDictionary<string, string> Circuits { get; init; }

    /// <summary>Model calls made (refusals by an open circuit or a spent budget not counted).</summary>
    public required long Calls { get; init; }

    /// <summary>Calls by outcome, refusals included.</summary>
    public required IReadOnlyDictionary<string, long> Outcomes { get; init; }

    public required long Tokens { get; init; }

    /// <summary>In the unit of the configured prices; null when this build or configuration counts no cost.</summary>
    public double? Cost { get; init; }

    public required long CacheLookups { get; init; }

    public required long CacheHits { get; init; }

    public double? CacheHitRatio => CacheLookups > 0 ? Math.Round((double)CacheHits / CacheLookups, 3) : null;

    public required IReadOnlyList<BudgetLeft> Budgets { get; init; }

    /// <summary>Enriched events by classification source.</summary>
    public required IReadOnlyDictionary<string, long> Enriched { get; init; }

    public static async Task<ModelVitals?> MeasureAsync(MetricsHistory history, IConfiguration configuration, string reporter, CancellationToken cancellationToken)
    {
        var (hourAgo, now) = await history.WindowAsync(TimeSpan.FromHours(1), cancellationToken);
        // A process without the worker role has no model counters: it has nothing to say about the model.
        if (!now.Has("enrichment_circuit_breaker_state") && !now.Has("enrichment_llm_requests_total") && !now.Has("enrichment_alerts_enriched_total"))
        {
            return null;
        }
        var (minuteAgo, _) = await history.WindowAsync(TimeSpan.FromMinutes(1), cancellationToken);
        static bool Attempt(Series s) => s.Label("outcome") is not ("circuit_open" or "budget_exhausted");
        var l1 = Delta(hourAgo, now, "enrichment_cache_lookups_total", s => s.Label("tier") == "l1");
        var hits = Delta(hourAgo, now, "enrichment_cache_lookups_total", s => s.Label("result") == "hit");
        return new ModelVitals
        {
            Reporter = reporter,
            At = now.At,
            WindowMinutes = Math.Round((now.At - hourAgo.At).TotalMinutes, 1),
            Circuits = now.Series.Where(s => s.Name == "enrichment_circuit_breaker_state")
                .ToDictionary(s => s.Label("provider"), s => s.Value switch { >= 2 => "open", >= 1 => "half_open", _ => "closed" }, StringComparer.Ordinal),
            Calls = (long)Delta(hourAgo, now, "enrichment_llm_requests_total", Attempt),
            Outcomes = ByLabel(hourAgo, now, "enrichment_llm_requests_total", "outcome"),
            Tokens = (long)Delta(hourAgo, now, "enrichment_llm_tokens_total"),
            Cost = now.Has("enrichment_llm_cost_total") ? Math.Round(Delta(hourAgo, now, "enrichment_llm_cost_total"), 6) : null,
            // Every lookup starts in L1; an L1 miss goes on to L2. A hit in either tier spared the model.
            CacheLookups = (long)l1,
            CacheHits = (long)hits,
            Budgets = BudgetsOf(configuration, (long)Delta(minuteAgo, now, "enrichment_llm_requests_total", Attempt),
                (long)Delta(minuteAgo, now, "enrichment_llm_tokens_total"),
                now.Has("enrichment_llm_cost_total") ? Delta(hourAgo, now, "enrichment_llm_cost_total") : null),
            Enriched = ByLabel(hourAgo, now, "enrichment_alerts_enriched_total", "source"),
        };
    }

    private static double Delta(MetricSample then, MetricSample now, string name, Func<Series, bool>? where = null) =>
        Math.Max(0, now.Sum(name, where) - then.Sum(name, where));

    private static Dictionary<string, long> ByLabel(MetricSample then, MetricSample now, string name, string label) =>
        now.Series.Where(s => s.Name == name).Select(s => s.Label(label)).Distinct(StringComparer.Ordinal)
            .Select(value => (value, count: (long)Delta(then, now, name, s => s.Label(label) == value)))
            .Where(p => p.count > 0)
            .ToDictionary(p => p.value, p => p.count, StringComparer.Ordinal);

    /// <summary>The budgets this process enforces (<c>LLM_MAX_*</c>; 0 or unset is no limit) against what it spent.</summary>
    private static List<BudgetLeft> BudgetsOf(IConfiguration configuration, long requestsLastMinute, long tokensLastMinute, double? costLastHour)
    {
        var budgets = new List<BudgetLeft>();
        void Add(string variable, string key, string per, double? spent)
        {
            if (double.TryParse(configuration[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) && limit > 0)
            {
                budgets.Add(new BudgetLeft(variable, per, limit, spent, spent is { } s ? Math.Max(0, limit - s) : null));
            }
        }
        Add("LLM_MAX_REQUESTS_PER_MINUTE", "Llm:MaxRequestsPerMinute", "minute", requestsLastMinute);
        Add("LLM_MAX_TOKENS_PER_MINUTE", "Llm:MaxTokensPerMinute", "minute", tokensLastMinute);
        Add("LLM_MAX_COST_PER_HOUR", "Llm:MaxCostPerHour", "hour", costLastHour);
        return budgets;
    }
}

/// <param name="Variable">The limit's variable.</param>
/// <param name="Per">The window it applies to.</param>
/// <param name="Left">Approximate (the window slides; samples are 10 s apart); null when the spend is not counted.</param>
internal sealed record BudgetLeft(string Variable, string Per, double Limit, double? Spent, double? Left);
