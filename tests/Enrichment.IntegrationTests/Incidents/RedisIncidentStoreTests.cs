using Enrichment.Contracts;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Evaluation;
using Enrichment.Core.Rules;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.Redis;
using Enrichment.Redis.Incidents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.IntegrationTests.Incidents;

/// <summary>The shared book on the real Redis: updates from two processes' stores race, and none is lost.</summary>
public class RedisIncidentStoreTests
{
    [Fact]
    public async Task Two_stores_racing_on_one_storm_build_one_incident_and_lose_no_member()
    {
        var prefix = TestServices.NewRedisPrefix("incident-race");
        // Two connections, two stores: what two worker processes have.
        await using var redisA = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
        await using var redisB = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
        var a = Service(redisA, prefix);
        var b = Service(redisB, prefix);
        // The alerts on the node (by label or instance): each links to the others whatever the order they arrive in, so
        // more than one incident could only come from an update lost or overwritten.
        var storm = StormPayloads.NodeFailure().Alerts.Select(x => x.Alert)
            .Where(x => x.Labels.GetValueOrDefault("node") == "node-7" || x.Labels.GetValueOrDefault("instance") == "node-7:9100").ToList();
        Assert.True(storm.Count >= 25);

        // Each store takes every other alert, one at a time, both at once.
        var halves = new[] { (a, storm.Where((_, i) => i % 2 == 0).ToList()), (b, storm.Where((_, i) => i % 2 == 1).ToList()) };
        var results = await Task.WhenAll(halves.Select(async half =>
        {
            var refs = new List<IncidentRef?>();
            foreach (var alert in half.Item2)
            {
                refs.AddRange(await half.Item1.CorrelateAsync([alert], [null], ["{}:{storm}"], [DateTimeOffset.UtcNow], default));
            }
            return refs;
        }));

        var ids = results.SelectMany(r => r).Select(r => r!.Id).Distinct().ToList();
        Assert.Single(ids);
        var book = await a.Store.ReadAsync(default);
        var incident = Assert.Single(book.Incidents);
        Assert.Equal(storm.Count, incident.Size);
        Assert.Equal(storm.Select(x => x.Fingerprint).Order(), incident.Members.Select(m => m.Fingerprint).Order());
        Assert.Equal(storm.Single(x => x.Labels["alertname"] == "KubeNodeNotReady").Fingerprint, incident.Root);

        // A store started later (a restarted worker) finds the incident and keeps the alerts in it.
        await using var redisC = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
        var again = await Service(redisC, prefix).CorrelateAsync([storm[5]], [null], [null], [DateTimeOffset.UtcNow], default);
        Assert.Equal(ids[0], again[0]!.Id);
    }

    private static IncidentService Service(IConnectionMultiplexer redis, string prefix) =>
        new(new RedisIncidentStore(redis, Options.Create(new RedisOptions { Url = TestServices.RedisUrl, KeyPrefix = prefix }), NullLogger<RedisIncidentStore>.Instance),
            Options.Create(new IncidentOptions()), Options.Create(new Enrichment.Core.ClassificationOptions()), new RuleBasedClassifier(), TimeProvider.System,
            NullLogger<IncidentService>.Instance);
}
