using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Enrichment.Llm.Answers;

namespace Enrichment.Benchmarks;

/// <summary>The worker's reading of a model answer for a prompt of 20 alerts (LLM_MAX_ALERTS_PER_PROMPT's default).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AnswerParsingBenchmarks
{
    private const int Alerts = 20;
    private string _plain = "";
    private string _fencedAfterThinking = "";
    private string _truncated = "";

    [GlobalSetup]
    public void Setup()
    {
        var results = new JsonArray();
        for (var id = 1; id <= Alerts; id++)
        {
            results.Add(new JsonObject
            {
                ["id"] = id, ["severity"] = "warning", ["category"] = "database", ["confidence"] = 0.82,
                ["summary"] = $"Replication lag on replica {id} is growing", ["reasoning"] = "the lag metric and the alert name point at replication",
                ["recommendations"] = new JsonArray("Check the replica's I/O", "Look for long transactions on the primary"),
            });
        }
        _plain = new JsonObject { ["results"] = results }.ToJsonString();
        _fencedAfterThinking = "<think>The alerts are about databases; answer in JSON.</think>\n```json\n" + _plain + "\n```";
        // Cut off mid-array, as a model that ran out of output tokens leaves it: the complete items are salvaged.
        _truncated = _plain[..(_plain.Length * 3 / 4)];
    }

    [Benchmark(Baseline = true)]
    public int PlainJson() => AnswerParser.Parse(_plain, Alerts).Count;

    [Benchmark]
    public int FencedAfterThinkBlock() => AnswerParser.Parse(_fencedAfterThinking, Alerts).Count;

    [Benchmark]
    public int TruncatedSalvaged() => AnswerParser.Parse(_truncated, Alerts).Count;
}
