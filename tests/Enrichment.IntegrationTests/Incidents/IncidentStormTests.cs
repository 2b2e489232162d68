using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Incidents;

/// <summary>
/// The done-when, tried as a new user would: a node-failure storm of 40 alerts through <c>/webhook</c> comes out
/// as 40 events carrying one incident id, the node alert as root, and one <c>IncidentUpdated</c> with a digest — from the
/// embedded executable on stdout, and from two worker processes on RabbitMQ and Redis to a webhook.
/// </summary>
public class IncidentStormTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_embedded_service_prints_forty_events_of_one_incident_rooted_at_the_node_and_one_digest()
    {
        var storm = StormPayloads.NodeFailure();
        var alerts = storm.Alerts.Select(a => a.Alert).ToList();
        var root = storm.Alerts.Single(a => a.Root).Alert;
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["INCIDENT_UPDATE_DELAY"] = "1s" });

        var webhook = StormPayloads.Webhooks(alerts, storm.Notifications[0].GroupKey!, perRequest: 40).Single();
        using (var response = await host.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var events = await PollAsync(() => Parse(host.AlertEventLines), e => e.Count >= 40, "40 alert events");
        var updates = await PollAsync(() => Parse(host.IncidentUpdateLines), u => u.Count >= 1, "an incident update");

        // A marker after the storm: once its own update is out, anything the storm would still cause is out too.
        var marker = StormPayloads.Webhooks([MarkerAlert()], "{}:{marker}", 1).Single();
        await host.Http.PostAsync("/webhook", new StringContent(marker, Encoding.UTF8, "application/json"));
        updates = await PollAsync(() => Parse(host.IncidentUpdateLines), u => u.Any(x => RootName(x) == "MarkerAlert"), "the marker's update");

        var incidentId = AssertOneIncident(events.Where(e => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString() != "MarkerAlert").ToList(), root);
        var update = Assert.Single(updates, u => u.GetProperty("incident").GetProperty("id").GetString() == incidentId);
        AssertOpenedWithDigest(update, root, 40);

        using var listed = await host.Http.GetAsync($"/api/v1/incidents/{incidentId}");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var incident = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidents")[0];
        Assert.Equal(40, incident.GetProperty("members").GetArrayLength());
        Assert.Equal(root.Fingerprint, incident.GetProperty("root").GetString());
        Assert.Contains("enrichment_incidents_total{event=\"opened\"}", await host.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_workers_on_RabbitMQ_and_Redis_racing_on_the_storm_build_one_incident_that_outlives_them()
    {
        var storm = StormPayloads.NodeFailure();
        var alerts = storm.Alerts.Select(a => a.Alert).ToList();
        var root = storm.Alerts.Single(a => a.Root).Alert;
        var common = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("incidents"),
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("incidents"),
            ["INCIDENT_UPDATE_DELAY"] = "1s",
            // Small batches, taken at once: the two workers get parts of the storm each and correlate them at the same time.
            ["WORKER_BATCH_MESSAGES"] = "1",
            ["WORKER_BATCH_TIMEOUT"] = "1ms",
        };
        await using var sink = await WebhookSink.StartAsync();
        await using var notifier = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "notifier"), ("NOTIFIER_WEBHOOK_URLS", sink.Url.ToString())));
        HostProcess? worker1 = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        HostProcess? worker2 = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
        await using var gateway = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "gateway")));
        try
        {
            // As Alertmanager sends it: one notification of forty.
            var body = StormPayloads.Webhooks(alerts, storm.Notifications[0].GroupKey!, perRequest: 40).Single();
            using (var response = await gateway.Http.PostAsync("/webhook", new StringContent(body, Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            await sink.WaitForFingerprintsAsync(40, Patience);
            var events = sink.Events.ToList();
            var incidentId = AssertOneIncident(events, root);

            // The alerts of the storm that are on the node (by label or instance), on a node of another cluster, in requests of
            // four sent together, the way overlapping notifications come: both workers correlate parts of it at the same time
            // and still build one incident. (Each of these links to the others whatever the order; alerts that link only through
            // others, such as a service's errors, may open an incident of their own when they come first: incidents never merge.)
            var other = alerts.Where(a => a.Labels.GetValueOrDefault("node") == "node-7" || a.Labels.GetValueOrDefault("instance") == "node-7:9100")
                .Select(a => OnNode(a, "node-8")).ToList();
            var posts = StormPayloads.Webhooks(other, "{}:{cluster=\"staging\"}", perRequest: 4)
                .Select(async chunk =>
                {
                    using var response = await gateway.Http.PostAsync("/webhook", new StringContent(chunk, Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                });
            await Task.WhenAll(posts);
            await sink.WaitForFingerprintsAsync(40 + other.Count, Patience);
            var raced = sink.Events.Skip(40).ToList();
            Assert.True(await EnrichedAsync(worker1) > 0 && await EnrichedAsync(worker2) > 0, "one worker took the whole storm: nothing raced");
            var racedId = Assert.Single(raced.Select(e => e.GetProperty("incident").GetProperty("id").GetString()).Distinct());
            Assert.NotEqual(incidentId, racedId);
            var rootEvent = Assert.Single(raced, e => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString() == "KubeNodeNotReady");
            Assert.Equal("root", rootEvent.GetProperty("incident").GetProperty("role").GetString());

            await PollAsync(() => sink.IncidentUpdates.ToList(), u => u.Count >= 2, "the incidents' updates");
            await gateway.Http.PostAsync("/webhook", new StringContent(StormPayloads.Webhooks([MarkerAlert()], "{}:{marker}", 1).Single(), Encoding.UTF8, "application/json"));
            var updates = await PollAsync(() => sink.IncidentUpdates.ToList(), u => u.Any(x => RootName(x) == "MarkerAlert"), "the marker's update");
            AssertOpenedWithDigest(Assert.Single(updates, u => u.GetProperty("incident").GetProperty("id").GetString() == incidentId), root, 40);
            Assert.Equal(rootEvent.GetProperty("alert").GetProperty("fingerprint").GetString(),
                updates.Last(u => u.GetProperty("incident").GetProperty("id").GetString() == racedId).GetProperty("incident").GetProperty("root").GetString());

            // The gateway reads the book the workers wrote.
            var listed = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/v1/incidents");
            Assert.Contains(listed.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetString() == incidentId && i.GetProperty("size").GetInt32() == 40);

            // Both workers gone, a new one started: a pod alert of the storm sent again still belongs to the incident, same role.
            var pod = events.First(e => e.GetProperty("incident").GetProperty("role").GetString() == "symptom");
            await worker1.DisposeAsync();
            worker1 = null;
            await worker2.DisposeAsync();
            worker2 = null;
            await using var worker3 = await HostProcess.StartAsync(Env.With(common, ("ENRICHMENT_ROLES", "worker")));
            var fingerprint = pod.GetProperty("alert").GetProperty("fingerprint").GetString()!;
            var again = alerts.Single(a => a.Fingerprint == fingerprint);
            var before = sink.Events.Count;
            await gateway.Http.PostAsync("/webhook", new StringContent(StormPayloads.Webhooks([again], storm.Notifications[0].GroupKey!, 1).Single(), Encoding.UTF8, "application/json"));
            var resent = await PollAsync(() => sink.Events.Skip(before).ToList(), e => e.Count >= 1, "the re-sent alert's event");
            Assert.Equal(incidentId, resent[0].GetProperty("incident").GetProperty("id").GetString());
            Assert.Equal("symptom", resent[0].GetProperty("incident").GetProperty("role").GetString());
        }
        finally
        {
            await (worker1?.DisposeAsync() ?? ValueTask.CompletedTask);
            await (worker2?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
    }

    /// <summary>Every event carries one incident id; the root alert is the root, every other alert a symptom or member; size 40.</summary>
    private static string AssertOneIncident(IReadOnlyList<JsonElement> events, AlertData root)
    {
        Assert.Equal(40, events.Count);
        var incidents = events.Select(e => e.GetProperty("incident")).ToList();
        Assert.All(incidents, i => Assert.Equal(JsonValueKind.Object, i.ValueKind));
        var id = Assert.Single(incidents.Select(i => i.GetProperty("id").GetString()).Distinct());
        var rootEvent = Assert.Single(events, e => e.GetProperty("alert").GetProperty("fingerprint").GetString() == root.Fingerprint);
        Assert.Equal("root", rootEvent.GetProperty("incident").GetProperty("role").GetString());
        Assert.Single(incidents, i => i.GetProperty("role").GetString() == "root");
        Assert.Contains(incidents, i => i.GetProperty("role").GetString() == "symptom");
        Assert.Equal(40, incidents.Max(i => i.GetProperty("size").GetInt32()));
        return id!;
    }

    private static void AssertOpenedWithDigest(JsonElement update, AlertData root, int size)
    {
        Assert.Equal("opened", update.GetProperty("event").GetString());
        var incident = update.GetProperty("incident");
        Assert.Equal(root.Fingerprint, incident.GetProperty("root").GetString());
        Assert.Equal("evidence", incident.GetProperty("rootBasis").GetString());
        Assert.Equal(size, incident.GetProperty("size").GetInt32());
        var digest = incident.GetProperty("digest");
        Assert.Equal("rules", digest.GetProperty("source").GetString());
        Assert.Equal(root.Fingerprint, digest.GetProperty("probableRoot").GetString());
        Assert.StartsWith("KubeNodeNotReady", digest.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("node-7", digest.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The alert as it would fire in another cluster's node: the node's and the cluster's names replaced.</summary>
    private static AlertData OnNode(AlertData alert, string node) => alert with
    {
        Fingerprint = "",
        Labels = alert.Labels.ToDictionary(p => p.Key, p => Moved(p.Value, node)),
        Annotations = alert.Annotations.ToDictionary(p => p.Key, p => Moved(p.Value, node)),
    };

    private static string Moved(string value, string node) =>
        value == "prod" ? "staging" : value.Replace("node-7", node, StringComparison.Ordinal);

    private static AlertData MarkerAlert() => new()
    {
        Fingerprint = "",
        Status = "firing",
        Labels = new Dictionary<string, string> { ["alertname"] = "MarkerAlert", ["severity"] = "info", ["instance"] = "marker-host:9100", ["job"] = "marker" },
        Annotations = new Dictionary<string, string> { ["summary"] = "A marker" },
        StartsAt = Core.Incidents.Evaluation.IncidentScenario.Epoch,
    };

    private static string? RootName(JsonElement update) =>
        update.GetProperty("incident").GetProperty("rootAlert") is { ValueKind: JsonValueKind.Object } alert
            ? alert.GetProperty("labels").GetProperty("alertname").GetString()
            : null;

    private static async Task<double> EnrichedAsync(HostProcess worker) =>
        (await worker.Http.GetStringAsync("/metrics")).Split('\n')
            .Where(l => l.StartsWith("enrichment_alerts_enriched_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static List<JsonElement> Parse(IEnumerable<string> lines) => lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static async Task<List<JsonElement>> PollAsync(Func<List<JsonElement>> read, Func<List<JsonElement>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        var current = read();
        while (!done(current) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            current = read();
        }
        Assert.True(done(current), $"no {what} within {Patience}");
        return current;
    }
}
