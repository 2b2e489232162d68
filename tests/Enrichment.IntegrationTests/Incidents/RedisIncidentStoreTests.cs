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

    [Fact]
    public async Task The_book_of_an_earlier_release_is_taken_over_and_then_written_incident_by_incident()
    {
        var prefix = TestServices.NewRedisPrefix("incident-upgrade");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisUrl);
        // The earlier release kept the whole book as one JSON string: two unrelated incidents in it.
        var database = redis.GetDatabase();
        var database1 = Alert("PostgresqlDown", ("namespace", "payments"), ("service", "postgres"), ("instance", "pg-0:9187"));
        var dns = Alert("CoreDNSDown", ("namespace", "kube-system"), ("job", "coredns"), ("cluster", "edge"));
        var earlier = new IncidentService(new InMemoryIncidentStore(), Options.Create(new IncidentOptions()), Options.Create(new Enrichment.Core.ClassificationOptions()),
            new RuleBasedClassifier(), TimeProvider.System, NullLogger<IncidentService>.Instance);
        var first = await earlier.CorrelateAsync([database1], [null], ["{}:{db}"], [DateTimeOffset.UtcNow], default);
        var second = await earlier.CorrelateAsync([dns], [null], ["{}:{dns}"], [DateTimeOffset.UtcNow], default);
        Assert.NotEqual(first[0]!.Id, second[0]!.Id);
        await database.StringSetAsync(prefix + "incidents", IncidentBookCodec.Encode(await earlier.Store.ReadAsync(default)));
        await database.StringSetAsync(prefix + "incidents:version", "7");

        // An upgraded worker: the earlier incident keeps its alert, and the book is now one field per incident.
        var upgraded = Service(redis, prefix);
        var again = await upgraded.CorrelateAsync([database1], [null], ["{}:{db}"], [DateTimeOffset.UtcNow], default);
        Assert.Equal(first[0]!.Id, again[0]!.Id);
        Assert.False(await database.KeyExistsAsync(prefix + "incidents"));
        var versions = await database.HashGetAllAsync(prefix + "incidents:item-versions");
        Assert.Equal(new[] { "book", "i:" + first[0]!.Id, "i:" + second[0]!.Id }.Order(), versions.Select(v => v.Name.ToString()).Order());

        // A batch that joins one incident writes that incident alone.
        var replica = Alert("PostgresqlReplicationLag", ("namespace", "payments"), ("service", "postgres"), ("instance", "pg-1:9187"));
        var joined = await upgraded.CorrelateAsync([replica], [null], ["{}:{db}"], [DateTimeOffset.UtcNow], default);
        Assert.Equal(first[0]!.Id, joined[0]!.Id);
        var after = (await database.HashGetAllAsync(prefix + "incidents:item-versions")).ToDictionary(v => v.Name.ToString(), v => (long)v.Value);
        var before = versions.ToDictionary(v => v.Name.ToString(), v => (long)v.Value);
        Assert.True(after["i:" + first[0]!.Id] > before["i:" + first[0]!.Id]);
        Assert.Equal(before["i:" + second[0]!.Id], after["i:" + second[0]!.Id]);
        // And another process reads the book whole, as written.
        var book = await Service(redis, prefix).Store.ReadAsync(default);
        Assert.Equal(2, book.Find(first[0]!.Id)!.Size);
        Assert.Equal(1, book.Find(second[0]!.Id)!.Size);
    }

    private static AlertData Alert(string name, params (string Name, string Value)[] labels)
    {
        var all = labels.Append(("alertname", name)).ToDictionary(l => l.Item1, l => l.Item2);
        return new AlertData
        {
            Fingerprint = Enrichment.Core.Alerts.AlertFingerprint.Compute(all),
            Status = "firing",
            Labels = all,
            Annotations = new Dictionary<string, string> { ["summary"] = name },
            StartsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        };
    }

    private static IncidentService Service(IConnectionMultiplexer redis, string prefix) =>
        new(new RedisIncidentStore(redis, Options.Create(new RedisOptions { Url = TestServices.RedisUrl, KeyPrefix = prefix }), NullLogger<RedisIncidentStore>.Instance),
            Options.Create(new IncidentOptions()), Options.Create(new Enrichment.Core.ClassificationOptions()), new RuleBasedClassifier(), TimeProvider.System,
            NullLogger<IncidentService>.Instance);
}
