using Enrichment.Contracts;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Core.Incidents.Evaluation;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>The targets, on the labelled storms of <c>tests/data/incidents</c> (see docs/INCIDENTS.md).</summary>
public class IncidentEvaluationTests
{
    private sealed class CountingDigester : IIncidentDigester
    {
        public int Calls;

        public string CacheNamespace => "count/v1";

        public Task<DigestAnswer> DigestAsync(DigestInput input, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(DigestAnswer.Answered(new IncidentDigestData { Title = "t", Summary = "s", Source = "llm" }, input.RootIndex));
        }
    }

    [Fact]
    public async Task By_the_rules_alone_the_scenarios_are_grouped_with_F1_of_at_least_0_9_and_rooted_right_at_least_8_times_in_10()
    {
        var scenarios = IncidentScenario.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "incidents"));
        Assert.True(scenarios.Count >= 12, $"only {scenarios.Count} scenarios");
        var scores = new List<IncidentScore>();
        foreach (var scenario in scenarios)
        {
            scores.Add(IncidentScore.Of(await ScenarioReplay.RunAsync(scenario, new IncidentOptions())));
        }
        var total = IncidentScore.Sum("all", scores);
        Assert.True(total.F1 >= 0.9, $"F1 {total.F1:0.000}\n{IncidentScore.Table(scores, total)}");
        Assert.True(total.RootAccuracy >= 0.8, $"root accuracy {total.RootAccuracy:0.000}\n{IncidentScore.Table(scores, total)}");
    }

    [Fact]
    public async Task A_storm_of_5000_alerts_in_3_incidents_costs_at_most_3_digest_calls()
    {
        var model = new CountingDigester();
        var result = await ScenarioReplay.RunAsync(StormGenerator.Generate(5_000, seed: 16), new IncidentOptions(), model);
        var score = IncidentScore.Of(result);
        Assert.Equal(5_000, score.Alerts);
        Assert.Equal(3, score.Incidents);
        Assert.True(model.Calls <= 3, $"{model.Calls} digest calls");
        Assert.True(model.Calls >= 1);
    }
}
