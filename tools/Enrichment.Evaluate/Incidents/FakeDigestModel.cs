using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.Core;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Llm;
using Enrichment.Llm.Digest;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Evaluate.Incidents;

/// <summary>
/// A stand-in for a model that writes incident digests, behind the real <see cref="LlmClassifier"/> pipeline and
/// <see cref="LlmIncidentDigester"/> (prompt, redaction, marks, answer validation): it reads the prompt it is sent, as a
/// model would, and names as probable root the kind of alert whose name and summary read most like a cause (down,
/// unreachable, partition, stuck, out of space, expiring…), taking the rules' suggestion when it has one. It never sees a
/// fingerprint or a host, only what the prompt shows. It counts its calls.
/// </summary>
public sealed class FakeDigestModel : IChatClient
{
    private static readonly (string Word, int Weight)[] CauseWords =
    [
        ("partition", 6), ("unreachable", 5), ("down", 5), ("notready", 4), ("not ready", 4), ("stuck", 4), ("absent", 4),
        ("out of space", 4), ("outofspace", 4), ("full", 3), ("expir", 3), ("oom", 3), ("evict", 2), ("failed", 2), ("pressure", 2),
        ("lag", 1), ("slow", 1), ("error", 1), ("latency", 0),
    ];

    private int _calls;

    public int Calls => _calls;

    public IIncidentDigester Digester()
    {
        var options = new LlmOptions { Enabled = true, Provider = "openai-compatible", ApiKey = "fake", Model = "fake-digest", BaseUrl = "http://127.0.0.1:9/v1", MaxRetries = 0 };
        var classifier = new LlmClassifier(this, options, NullEnrichmentMetrics.Instance, NullLogger<LlmClassifier>.Instance);
        return new LlmIncidentDigester(classifier, NullLogger<LlmIncidentDigester>.Instance);
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var prompt = messages.Last().Text;
        var members = new List<(int Id, string Text)>();
        int? suggested = null;
        foreach (var line in prompt.Split('\n').Where(l => l.StartsWith('{')))
        {
            var node = JsonNode.Parse(line)!;
            if (node["id"] is { } id)
            {
                var alert = node["alert"]!;
                var text = (alert["labels"]?["alertname"]?.ToString() + " " + alert["annotations"]?["summary"]).ToLowerInvariant();
                members.Add(((int)id, text));
            }
            else if (node["rulesSuggestRoot"] is { } hint)
            {
                suggested = (int)hint;
            }
        }
        var root = suggested ?? members.OrderByDescending(m => CauseWords.Where(w => m.Text.Contains(w.Word, StringComparison.Ordinal)).Sum(w => w.Weight))
            .ThenBy(m => m.Id).First().Id;
        var answer = new JsonObject
        {
            ["title"] = "Probable cause: alert " + root,
            ["summary"] = "The incident's {{alerts}} alerts follow from alert " + root + ".",
            ["probableRoot"] = root,
            ["blastRadius"] = "{{services}} services on {{hosts}} hosts",
            ["steps"] = new JsonArray("Check the probable root first", "Then its dependants", "Then the rest"),
        };
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.ToJsonString())));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
