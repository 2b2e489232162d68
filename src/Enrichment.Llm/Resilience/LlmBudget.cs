namespace Enrichment.Llm.Resilience;

/// <summary>
/// The spend limits of one model, per process, over sliding windows: requests and tokens per minute
/// (<c>LLM_MAX_REQUESTS_PER_MINUTE</c>, <c>LLM_MAX_TOKENS_PER_MINUTE</c>) and money per hour and per day
/// (<c>LLM_MAX_COST_PER_HOUR</c>, <c>LLM_MAX_COST_PER_DAY</c>, at the configured prices). A call reserves its
/// estimated tokens and cost before it goes out and settles to the provider's reported usage afterwards, so
/// concurrent calls cannot overspend together.
/// </summary>
public sealed class LlmBudget
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _maxRequestsPerMinute;
    private readonly long _maxTokensPerMinute;
    private readonly double _maxCostPerHour;
    private readonly double _maxCostPerDay;
    private readonly SpendWindow _minute = new(TimeSpan.FromMinutes(1));
    private readonly SpendWindow _hour = new(TimeSpan.FromHours(1));
    private readonly SpendWindow _day = new(TimeSpan.FromDays(1));

    public LlmBudget(int maxRequestsPerMinute, long maxTokensPerMinute, TimeProvider time, double maxCostPerHour = 0, double maxCostPerDay = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        _maxRequestsPerMinute = maxRequestsPerMinute;
        _maxTokensPerMinute = maxTokensPerMinute;
        _maxCostPerHour = maxCostPerHour;
        _maxCostPerDay = maxCostPerDay;
        _time = time;
    }

    /// <summary>The limits of <paramref name="options"/>: its own, whether it is the primary or a fallback.</summary>
    public static LlmBudget For(LlmOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LlmBudget(options.MaxRequestsPerMinute, options.MaxTokensPerMinute, time, options.MaxCostPerHour, options.MaxCostPerDay);
    }

    public bool IsLimited => _maxRequestsPerMinute > 0 || _maxTokensPerMinute > 0 || _maxCostPerHour > 0 || _maxCostPerDay > 0;

    /// <summary>Reserves one request and <paramref name="estimatedTokens"/>; null when a limit would be passed.</summary>
    public Reservation? TryReserve(long estimatedTokens) => TryReserve(estimatedTokens, 0);

    /// <summary>Reserves one request, <paramref name="estimatedTokens"/> and <paramref name="estimatedCost"/>; null when any limit would be passed.</summary>
    public Reservation? TryReserve(long estimatedTokens, double estimatedCost)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Expire(now);
            if ((_maxRequestsPerMinute > 0 && _minute.Requests + 1 > _maxRequestsPerMinute)
                || (_maxTokensPerMinute > 0 && _minute.Tokens + estimatedTokens > _maxTokensPerMinute)
                || (_maxCostPerHour > 0 && _hour.Cost + estimatedCost > _maxCostPerHour)
                || (_maxCostPerDay > 0 && _day.Cost + estimatedCost > _maxCostPerDay))
            {
                return null;
            }
            var spend = new Spend(now, estimatedTokens, estimatedCost);
            _minute.Add(spend);
            if (_maxCostPerHour > 0)
            {
                _hour.Add(spend);
            }
            if (_maxCostPerDay > 0)
            {
                _day.Add(spend);
            }
            return new Reservation(this, spend);
        }
    }

    /// <summary>Requests and tokens spent in the last minute (for tests and diagnostics).</summary>
    public (int Requests, long Tokens) Spent()
    {
        lock (_gate)
        {
            Expire(_time.GetUtcNow());
            return (_minute.Requests, _minute.Tokens);
        }
    }

    /// <summary>Cost spent in the last hour and day, counted where a money limit is set (for tests and diagnostics).</summary>
    public (double Hour, double Day) SpentCost()
    {
        lock (_gate)
        {
            Expire(_time.GetUtcNow());
            return (_hour.Cost, _day.Cost);
        }
    }

    private void Settle(Spend spend, long actualTokens, double actualCost)
    {
        lock (_gate)
        {
            _minute.Settle(spend, actualTokens, actualCost);
            _hour.Settle(spend, actualTokens, actualCost);
            _day.Settle(spend, actualTokens, actualCost);
            spend.Tokens = actualTokens;
            spend.Cost = actualCost;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        _minute.Expire(now);
        _hour.Expire(now);
        _day.Expire(now);
    }

    /// <summary>One call's spend: an estimate until settled.</summary>
    internal sealed class Spend(DateTimeOffset at, long tokens, double cost)
    {
        public DateTimeOffset At { get; } = at;

        public long Tokens { get; set; } = tokens;

        public double Cost { get; set; } = cost;
    }

    /// <summary>The calls of one sliding window and their sums. Not thread-safe: the budget's lock guards it.</summary>
    private sealed class SpendWindow(TimeSpan length)
    {
        private readonly Queue<Spend> _spends = new();
        private readonly HashSet<Spend> _held = [];

        public int Requests { get; private set; }

        public long Tokens { get; private set; }

        public double Cost { get; private set; }

        public void Add(Spend spend)
        {
            _spends.Enqueue(spend);
            _held.Add(spend);
            Requests++;
            Tokens += spend.Tokens;
            Cost += spend.Cost;
        }

        /// <summary>Replaces a spend's estimate with the actual figures, if the spend is still in this window.</summary>
        public void Settle(Spend spend, long actualTokens, double actualCost)
        {
            if (_held.Contains(spend))
            {
                Tokens += actualTokens - spend.Tokens;
                Cost += actualCost - spend.Cost;
            }
        }

        public void Expire(DateTimeOffset now)
        {
            var cutoff = now - length;
            while (_spends.Count > 0 && _spends.Peek().At <= cutoff)
            {
                var old = _spends.Dequeue();
                _held.Remove(old);
                Requests--;
                Tokens -= old.Tokens;
                Cost -= old.Cost;
            }
            if (_spends.Count == 0)
            {
                // Sums of doubles drift; an empty window is exactly nothing.
                Cost = 0;
            }
        }
    }

    /// <summary>One call's share of the budget.</summary>
    public sealed class Reservation
    {
        private readonly LlmBudget _budget;
        private readonly Spend _spend;

        internal Reservation(LlmBudget budget, Spend spend)
        {
            _budget = budget;
            _spend = spend;
        }

        /// <summary>Replaces the estimated tokens with what the provider reported.</summary>
        public void Settle(long actualTokens) => _budget.Settle(_spend, actualTokens, _spend.Cost);

        /// <summary>Replaces the estimates with what the provider reported and what it cost at the configured prices.</summary>
        public void Settle(long actualTokens, double actualCost) => _budget.Settle(_spend, actualTokens, actualCost);
    }
}
