using Enrichment.Core;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Enrichment.Core.Rules;
using Enrichment.Worker.Incidents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.IntegrationTests.Incidents;

/// <summary>
/// The worker's incident warm-up goes down every path it is there to compile: a warm-up whose canned storm no longer opens,
/// claims, digests and archives incidents (the rules changed under it) would warm nothing, silently.
/// </summary>
public class IncidentWarmUpTests
{
    [Fact]
    public async Task The_canned_storm_is_correlated_claimed_digested_and_archived_without_touching_the_store()
    {
        var store = new InMemoryIncidentStore();
        var rules = new RuleBasedClassifier();
        var service = new IncidentService(store, Options.Create(new IncidentOptions()), Options.Create(new ClassificationOptions()), rules,
            TimeProvider.System, NullLogger<IncidentService>.Instance);
        var warmUp = new IncidentWarmUp(service, new RuleDigester(rules), NullLogger<IncidentWarmUp>.Instance);

        var figures = warmUp.Run(CancellationToken.None);

        Assert.Equal(11, figures.Alerts);
        // The node's storm and the database's: each opened, announced, and later announced resolved and archived.
        Assert.True(figures.Updates >= 2, $"{figures.Updates} updates");
        Assert.True(figures.Archived >= 2, $"{figures.Archived} archived");
        Assert.Empty((await store.ReadAsync(CancellationToken.None)).Incidents);
    }
}
