using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;
using Enrichment.Core.Incidents;
using Enrichment.Llm.Digest;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Llm.Tests;

/// <summary>
/// Incident digests through the real classifier's pipeline and a real SDK against the fake provider: one call, the views
/// (marks, redaction) and not the alerts in the prompt, the answer validated, the budget and breaker shared with classification.
/// </summary>
public sealed class IncidentDigestTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;
    private readonly RecordingMetrics _metrics = new();

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static DigestInput Input()
    {
        var signature = new AlertSignature();
        AlertData Alert(string name, string summary, params (string, string)[] labels)
        {
            var map = labels.ToDictionary(l => l.Item1, l => l.Item2);
            map["alertname"] = name;
            return new AlertData { Fingerprint = AlertFingerprint.Compute(map), Status = "firing", Labels = map, Annotations = new Dictionary<string, string> { ["summary"] = summary } };
        }
        var node = Alert("KubeNodeNotReady", "Node node-7 is not ready, password=hunter2", ("node", "node-7"), ("cluster", "prod"));
        var pod = Alert("KubePodNotReady", "Pod shop/cart-7d9f8b6c4-x0001 on node-7 is not ready for 15 minutes", ("pod", "cart-7d9f8b6c4-x0001"), ("node", "node-7"), ("namespace", "shop"));
        var alerts = new[] { node, pod };
        return new DigestInput
        {
            SignatureSet = "set",
            Members = alerts.Select(a => new DigestMember { Signature = signature.Read(a).Signature, View = signature.Read(a).View, Category = "orchestration", Count = a == node ? 1 : 23 }).ToList(),
            RootIndex = 0,
            RootByEvidence = true,
            Scope = new Dictionary<string, string> { ["cluster"] = "prod" },
            Categories = ["orchestration"],
            Figures = new Dictionary<string, string> { ["alerts"] = "24" },
            RootValues = signature.Read(node).Values,
            MemberFingerprints = alerts.Select(a => a.Fingerprint).ToList(),
        };
    }

    private static string Answer(int root, int steps = 3) => new JsonObject
    {
        ["title"] = "{{labels.node}} is down",
        ["summary"] = "The node went away; its {{alerts}} alerts follow.",
        ["probableRoot"] = root,
        ["blastRadius"] = "Pods of shop on {{labels.node}}",
        ["steps"] = new JsonArray(Enumerable.Range(1, steps).Select(i => (JsonNode)$"step {i}").ToArray()),
    }.ToJsonString();

    [Fact]
    public async Task One_call_shows_the_model_views_with_marks_and_nothing_of_one_alert()
    {
        _fake.Responder = _ => FakeReply.Text("```json\n" + Answer(1) + "\n```");
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, metrics: _metrics);
        var digester = new LlmIncidentDigester(classifier, NullLogger<LlmIncidentDigester>.Instance);

        var answer = await digester.DigestAsync(Input(), CancellationToken.None);

        Assert.Equal(1, _fake.Count);
        var prompt = _fake.Requests[0].AllText();
        Assert.DoesNotContain("node-7", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("cart-7d9f8b6c4", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("15 minutes", prompt, StringComparison.Ordinal);
        Assert.Contains("{{labels.node}}", prompt, StringComparison.Ordinal);
        Assert.Contains("\"seen\":\"many\"", prompt, StringComparison.Ordinal);
        Assert.Contains("\"rulesSuggestRoot\":1", prompt, StringComparison.Ordinal);
        Assert.Equal(0, answer.ProbableRoot);
        Assert.Equal("{{labels.node}} is down", answer.Digest!.Title);
        Assert.Equal("llm", answer.Digest.Source);
        Assert.Equal(1, _metrics.Count(LlmOutcome.Success));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task A_probable_root_that_is_not_a_member_shown_is_invalid(int root)
    {
        _fake.Responder = _ => FakeReply.Text(Answer(root));
        var digester = new LlmIncidentDigester(Classifiers.Create(_fake, LlmProviders.OpenAICompatible, metrics: _metrics), NullLogger<LlmIncidentDigester>.Instance);

        var answer = await digester.DigestAsync(Input(), CancellationToken.None);

        Assert.Null(answer.Digest);
        Assert.Equal(DegradedReason.InvalidOutput, answer.DegradedReason);
        Assert.Equal(1, _metrics.Count(LlmOutcome.InvalidOutput));
    }

    [Fact]
    public void Answers_are_read_as_models_write_them_and_bounded()
    {
        Assert.NotNull(DigestAnswerReader.Read("<think>hmm</think>" + Answer(2), 2, "p", "m"));
        Assert.Equal(3, DigestAnswerReader.Read(Answer(1, steps: 5), 2, "p", "m")!.Value.Digest.Steps.Count);
        Assert.Null(DigestAnswerReader.Read(Answer(1, steps: 9), 2, "p", "m"));
        Assert.Null(DigestAnswerReader.Read("""{"title":"","summary":"s","probableRoot":1}""", 2, "p", "m"));
        Assert.Null(DigestAnswerReader.Read("""{"title":"t","summary":"s"}""", 2, "p", "m"));
        Assert.Null(DigestAnswerReader.Read("not json", 2, "p", "m"));
        Assert.Equal(1, DigestAnswerReader.Read("""{"title":"t","summary":"s","probableRoot":"#2"}""", 2, "p", "m")!.Value.ProbableRoot);
    }

    [Fact]
    public async Task Digests_spend_from_the_classifications_budget()
    {
        _fake.Responder = r => r.AllText().Contains("<incident>", StringComparison.Ordinal) ? FakeReply.Text(Answer(1)) : FakeAnswers.Valid(r);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.MaxRequestsPerMinute = 1, _metrics);
        var digester = new LlmIncidentDigester(classifier, NullLogger<LlmIncidentDigester>.Instance);

        Assert.NotNull((await digester.DigestAsync(Input(), CancellationToken.None)).Digest);
        var answers = await classifier.ClassifyAsync(TestAlerts.Many(1), CancellationToken.None);

        Assert.Equal(DegradedReason.BudgetExhausted, Assert.Single(answers).DegradedReason);
        Assert.Equal(1, _fake.Count);
    }

    [Fact]
    public async Task An_open_circuit_stops_digests_as_it_stops_classification()
    {
        _fake.Responder = _ => FakeReply.Error(500);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => { o.MaxRetries = 0; o.CircuitFailureThreshold = 2; }, _metrics);
        await classifier.ClassifyAsync(TestAlerts.Many(1), CancellationToken.None);
        await classifier.ClassifyAsync(TestAlerts.Many(1), CancellationToken.None);
        var calls = _fake.Count;

        var answer = await new LlmIncidentDigester(classifier, NullLogger<LlmIncidentDigester>.Instance).DigestAsync(Input(), CancellationToken.None);

        Assert.Equal(DegradedReason.CircuitOpen, answer.DegradedReason);
        Assert.Equal(calls, _fake.Count);
    }
}
