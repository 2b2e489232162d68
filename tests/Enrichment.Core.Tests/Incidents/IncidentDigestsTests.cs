using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Core.Incidents.Evaluation;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Enrichment.Core.Tests.Incidents.IncidentTestAlerts;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>One model call per incident and material change, cached by the incident's set of signatures.</summary>
public class IncidentDigestsTests
{
    /// <summary>A model that answers with marks and names the last kind of alert it was shown as root; it counts its calls.</summary>
    private sealed class CountingDigester(Func<DigestInput, DigestAnswer>? answer = null) : IIncidentDigester
    {
        public int Calls;

        public List<DigestInput> Inputs { get; } = [];

        public string CacheNamespace => "fake/digest/v1";

        public Task<DigestAnswer> DigestAsync(DigestInput input, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            Inputs.Add(input);
            return Task.FromResult(answer?.Invoke(input) ?? DigestAnswer.Answered(new IncidentDigestData
            {
                Title = "{{labels.node}} is gone ({{alerts}} alerts)",
                Summary = "Everything on {{labels.node}} follows.",
                BlastRadius = "{{services}} services",
                Steps = ["Check {{labels.node}}"],
                Source = "llm",
                Model = "fake",
            }, input.Members.Count - 1));
        }
    }

    private static async Task<(List<IncidentUpdated> Updates, IIncidentStore Store)> RunAsync(IIncidentDigester model, params AlertData[][] batches)
    {
        var clock = new ReplayClock(T0);
        var store = new InMemoryIncidentStore();
        var options = new IncidentOptions { UpdateDelay = TimeSpan.FromSeconds(10), UpdateInterval = TimeSpan.Zero };
        var service = new IncidentService(store, Options.Create(options), Options.Create(new ClassificationOptions()), new RuleBasedClassifier(), clock, NullLogger<IncidentService>.Instance);
        var digests = new IncidentDigests(new RuleDigester(new RuleBasedClassifier()), new MemoryDigestCache(), NullLogger<IncidentDigests>.Instance, model);
        var updater = new IncidentUpdater(service, digests, NullIncidentMetrics.Instance, clock, NullLogger<IncidentUpdater>.Instance);
        var updates = new List<IncidentUpdated>();
        foreach (var batch in batches)
        {
            await service.CorrelateAsync(batch, new AlertClassification?[batch.Length], new string?[batch.Length], batch.Select(_ => clock.GetUtcNow()).ToList(), default);
            clock.Advance(TimeSpan.FromSeconds(11));
            await updater.RoundAsync("w", true, (u, _) => { updates.Add(u); return Task.CompletedTask; }, default);
        }
        return (updates, store);
    }

    [Fact]
    public async Task The_model_sees_views_not_hosts_and_its_answer_is_shown_with_this_incidents_values()
    {
        var model = new CountingDigester();
        var (updates, _) = await RunAsync(model, [NodeNotReady("node-7"), PodNotReady("shop", "cart-7d9f8b6c4-x0001", "node-7")]);

        var input = Assert.Single(model.Inputs);
        Assert.All(input.Members, m => Assert.DoesNotContain("node-7", string.Join(" ", m.View.Labels.Values.Concat(m.View.Annotations.Values)), StringComparison.Ordinal));
        var digest = Assert.Single(updates).Incident.Digest!;
        Assert.Equal("llm", digest.Source);
        Assert.Equal("node-7 is gone (2 alerts)", digest.Title);
        Assert.Equal(["Check node-7"], digest.Steps);
        Assert.Equal(input.MemberFingerprints[^1], digest.ProbableRoot);
    }

    [Fact]
    public async Task More_of_the_same_costs_no_new_call_a_new_category_does_and_an_incident_of_the_same_kinds_hits_the_cache()
    {
        var model = new CountingDigester();
        await RunAsync(model,
            [NodeNotReady("node-7"), PodNotReady("shop", "cart-7d9f8b6c4-x0001", "node-7")],
            [PodNotReady("shop", "cart-7d9f8b6c4-x0002", "node-7", T0.AddSeconds(40))],
            [Errors("shop", "cart", T0.AddSeconds(50)) with { Labels = new Dictionary<string, string>(Errors("shop", "cart").Labels) { ["node"] = "node-7" } }],
            // Another node, the same kinds of alert as the first digest: its digest comes from the cache.
            [NodeNotReady("node-9", T0.AddMinutes(30)), PodNotReady("shop", "cart-7d9f8b6c4-x0009", "node-9", T0.AddMinutes(30))]);
        Assert.Equal(2, model.Calls);
    }

    [Fact]
    public async Task An_answer_naming_no_member_is_refused_and_the_rules_write_the_digest()
    {
        var model = new CountingDigester(_ => DigestAnswer.Failed(DegradedReason.InvalidOutput));
        var (updates, _) = await RunAsync(model, [NodeNotReady("node-7")]);
        var digest = Assert.Single(updates).Incident.Digest!;
        Assert.Equal("rules", digest.Source);
        Assert.Equal("invalid_output", digest.DegradedReason);
    }

    [Fact]
    public async Task Where_the_rules_have_no_evidence_the_models_root_becomes_the_root_and_where_they_have_it_stays()
    {
        var quota = Alert("quota", T0, "firing", null, ("alertname", "KubeQuotaAlmostFull"), ("namespace", "shop"), ("job", "kube-state-metrics"));
        var exceeded = Alert("quota exceeded", T0.AddSeconds(30), "firing", null, ("alertname", "KubeQuotaExceeded"), ("namespace", "shop"), ("job", "kube-state-metrics"));
        var (updates, store) = await RunAsync(new CountingDigester(), [quota, exceeded]);
        var update = Assert.Single(updates);
        Assert.Equal("model", update.Incident.RootBasis);
        Assert.Equal(update.Incident.Digest!.ProbableRoot, update.Incident.Root);
        Assert.Equal(update.Incident.Root, update.Incident.RootAlert!.Fingerprint);
        Assert.Equal("model", Assert.Single((await store.ReadAsync(default)).Incidents).RootBasis);

        var (byEvidence, _) = await RunAsync(new CountingDigester(), [NodeNotReady("node-7"), PodNotReady("shop", "cart-7d9f8b6c4-x0001", "node-7")]);
        Assert.Equal("evidence", Assert.Single(byEvidence).Incident.RootBasis);
        Assert.Equal(NodeNotReady("node-7").Fingerprint, byEvidence[0].Incident.Root);
    }
}
