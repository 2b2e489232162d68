namespace Enrichment.Llm.Resilience;

/// <summary>
/// The per-minute spend limits (<c>LLM_MAX_REQUESTS_PER_MINUTE</c>, <c>LLM_MAX_TOKENS_PER_MINUTE</c>)
/// over a sliding 60-second window. A call reserves its estimated tokens before it goes out and
/// settles to the provider's reported usage afterwards, so concurrent calls cannot overspend together.
/// </summary>
public sealed class LlmBudget(int maxRequestsPerMinute, long maxTokensPerMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _entries = new();
    private int _requests;
    private long _tokens;

    public bool IsLimited => maxRequestsPerMinute > 0 || maxTokensPerMinute > 0;

    /// <summary>Reserves one request and <paramref name="estimatedTokens"/>; null when either limit would be passed.</summary>
    public Reservation? TryReserve(long estimatedTokens)
    {
        lock (_gate)
        {
            Expire();
            if (maxRequestsPerMinute > 0 && _requests + 1 > maxRequestsPerMinute)
            {
                return null;
            }
            if (maxTokensPerMinute > 0 && _tokens + estimatedTokens > maxTokensPerMinute)
            {
                return null;
            }
            var entry = new Entry(time.GetUtcNow(), estimatedTokens);
            _entries.Enqueue(entry);
            _requests++;
            _tokens += estimatedTokens;
            return new Reservation(this, entry);
        }
    }

    /// <summary>Requests and tokens spent in the last minute (for tests and diagnostics).</summary>
    public (int Requests, long Tokens) Spent()
    {
        lock (_gate)
        {
            Expire();
            return (_requests, _tokens);
        }
    }

    private void Settle(Entry entry, long actualTokens)
    {
        lock (_gate)
        {
            if (!entry.Expired)
            {
                _tokens += actualTokens - entry.Tokens;
            }
            entry.Tokens = actualTokens;
        }
    }

    private void Expire()
    {
        var cutoff = time.GetUtcNow() - Window;
        while (_entries.Count > 0 && _entries.Peek().At <= cutoff)
        {
            var old = _entries.Dequeue();
            old.Expired = true;
            _requests--;
            _tokens -= old.Tokens;
        }
    }

    internal sealed class Entry(DateTimeOffset at, long tokens)
    {
        public DateTimeOffset At { get; } = at;

        public long Tokens { get; set; } = tokens;

        public bool Expired { get; set; }
    }

    /// <summary>One call's share of the budget.</summary>
    public sealed class Reservation
    {
        private readonly LlmBudget _budget;
        private readonly Entry _entry;

        internal Reservation(LlmBudget budget, Entry entry)
        {
            _budget = budget;
            _entry = entry;
        }

        /// <summary>Replaces the estimate with what the provider reported.</summary>
        public void Settle(long actualTokens) => _budget.Settle(_entry, actualTokens);
    }
}
