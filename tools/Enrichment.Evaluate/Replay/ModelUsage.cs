using System.Collections.Concurrent;

namespace Enrichment.Evaluate.Replay;

/// <summary>What the model cost during a replay, per provider and model, as the LLM layer reports it to its metrics.</summary>
public sealed class ModelUsage
{
    private readonly ConcurrentDictionary<(string Provider, string Model, string Outcome), int> _requests = new();
    private readonly ConcurrentDictionary<(string Provider, string Model, string Direction), long> _tokens = new();
    private readonly ConcurrentDictionary<(string Provider, string Model), double> _cost = new();

    /// <summary>Model calls (attempts, and calls refused before an attempt) by outcome.</summary>
    public IReadOnlyDictionary<(string Provider, string Model, string Outcome), int> Requests => _requests;

    public IReadOnlyDictionary<(string Provider, string Model, string Direction), long> Tokens => _tokens;

    /// <summary>Cost in the unit of the configured prices, when the LLM layer reports one.</summary>
    public IReadOnlyDictionary<(string Provider, string Model), double> Cost => _cost;

    public int TotalRequests => _requests.Values.Sum();

    public long TotalTokens(string direction) => _tokens.Where(t => t.Key.Direction == direction).Sum(t => t.Value);

    public void Request(string provider, string model, string outcome) => _requests.AddOrUpdate((provider, model, outcome), 1, (_, n) => n + 1);

    public void AddTokens(string provider, string model, string direction, long tokens) => _tokens.AddOrUpdate((provider, model, direction), tokens, (_, n) => n + tokens);

    public void AddCost(string provider, string model, double cost) => _cost.AddOrUpdate((provider, model), cost, (_, n) => n + cost);
}
