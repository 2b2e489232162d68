using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Webhook;
using static Enrichment.TestSupport.AlertBuilder;

namespace Enrichment.Notifier.Tests.Webhook;

public class AlertmanagerWebhookMapperTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-25T08:00:00.5Z", System.Globalization.CultureInfo.InvariantCulture);

    private static AlertEnriched Event(string fingerprint, string mode = "enriched", string status = AlertStatus.Firing,
        IEnumerable<KeyValuePair<string, string>>? labels = null, IEnumerable<KeyValuePair<string, string>>? annotations = null,
        DateTimeOffset? endsAt = null, string? generatorUrl = null) =>
        TestEvents.Of(Alert("DiskFull", "warning", summary: "disk full", labels: labels, annotations: annotations, status: status,
            fingerprint: fingerprint, startsAt: Start, endsAt: endsAt, generatorUrl: generatorUrl), mode, mode == "transparent" ? null : TestEvents.Verdict);

    [Fact]
    public void Enriched_alerts_carry_the_labels_and_annotations_the_alertmanager_notifier_posts()
    {
        var enriched = Event("00000000000000aa");

        var message = AlertmanagerWebhookMapper.Map([enriched], alertPerGroup: true, new FeedbackLink("http://gw:8080"));

        var alert = Assert.Single(message.Alerts);
        var reposted = Notifier.Alertmanager.PostableAlertMapper.Map(enriched, Start, TimeSpan.FromHours(1), new FeedbackLink("http://gw:8080"));
        Assert.Equal(reposted.Labels.OrderBy(p => p.Key, StringComparer.Ordinal), alert.Labels);
        Assert.Equal(reposted.Annotations.OrderBy(p => p.Key, StringComparer.Ordinal), alert.Annotations);
        Assert.Equal("critical", alert.Labels["ai_severity"]);
        Assert.Equal("database", alert.Labels["ai_category"]);
        Assert.Equal("0.9", alert.Annotations["ai_confidence"]);
        Assert.Contains("ai_feedback", alert.Annotations.Keys);
    }

    [Fact]
    public void Transparent_alerts_are_untouched()
    {
        var alert = Assert.Single(AlertmanagerWebhookMapper.Map([Event("00000000000000aa", mode: "transparent")], alertPerGroup: true).Alerts);

        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "DiskFull", ["severity"] = "warning" }, alert.Labels);
        Assert.Equal(new Dictionary<string, string> { ["summary"] = "disk full" }, alert.Annotations);
    }

    [Fact]
    public void With_one_alert_per_body_the_alert_is_its_own_group_keyed_by_its_source_labels()
    {
        var firing = Event("00000000000000aa", labels: [L("instance", "db-1")]);
        var resolved = Event("00000000000000aa", status: AlertStatus.Resolved, labels: [L("instance", "db-1")], endsAt: Start.AddMinutes(5)) with { Mode = "transparent", Classification = null };

        var first = AlertmanagerWebhookMapper.Map([firing], alertPerGroup: true);
        var last = AlertmanagerWebhookMapper.Map([resolved], alertPerGroup: true);

        Assert.Equal("{}:{alertname=\"DiskFull\", instance=\"db-1\", severity=\"warning\"}", first.GroupKey);
        // The same group from firing to resolved, whatever the mode added to the labels in between.
        Assert.Equal(first.GroupKey, last.GroupKey);
        Assert.Equal(firing.Alert.Labels.OrderBy(p => p.Key, StringComparer.Ordinal), first.GroupLabels);
        Assert.DoesNotContain("ai_severity", first.GroupLabels.Keys);
    }

    [Fact]
    public void With_batches_the_body_is_one_group_without_group_labels()
    {
        var message = AlertmanagerWebhookMapper.Map([Event("00000000000000aa"), Event("00000000000000bb")], alertPerGroup: false);

        Assert.Empty(message.GroupLabels);
        Assert.Equal("{}:{}", message.GroupKey);
        Assert.Equal(2, message.Alerts.Count);
    }

    [Fact]
    public void The_body_fires_when_any_alert_fires_and_resolves_only_when_all_do()
    {
        var resolved = Event("00000000000000aa", status: AlertStatus.Resolved, endsAt: Start.AddMinutes(1));
        var firing = Event("00000000000000bb");

        Assert.Equal("firing", AlertmanagerWebhookMapper.Map([resolved, firing], false).Status);
        Assert.Equal("resolved", AlertmanagerWebhookMapper.Map([resolved, resolved with { Alert = resolved.Alert with { Fingerprint = "00000000000000cc" } }], false).Status);
    }

    [Fact]
    public void Common_labels_and_annotations_are_the_pairs_every_alert_shares_as_alertmanager_computes_them()
    {
        var a = Event("00000000000000aa", labels: [L("team", "db"), L("instance", "a")], annotations: [L("runbook", ""), L("owner", "x")]);
        var b = Event("00000000000000bb", labels: [L("team", "db"), L("instance", "b")], annotations: [L("owner", "y")]);

        var message = AlertmanagerWebhookMapper.Map([a, b], alertPerGroup: false);

        Assert.Equal("db", message.CommonLabels["team"]);
        Assert.Equal("critical", message.CommonLabels["ai_severity"]);
        Assert.DoesNotContain("instance", message.CommonLabels.Keys);
        Assert.DoesNotContain("owner", message.CommonAnnotations.Keys);
        // Go reads a missing annotation as "": an empty one on the first alert stays common, as in Alertmanager.
        Assert.Equal("", message.CommonAnnotations["runbook"]);
        Assert.Equal("disk full", message.CommonAnnotations["summary"]);
    }

    [Fact]
    public async Task The_json_has_alertmanagers_names_types_and_times()
    {
        var firing = Event("00000000000000aa", generatorUrl: null);
        var resolved = Event("00000000000000bb", status: AlertStatus.Resolved, endsAt: Start.AddMinutes(2), generatorUrl: "http://prom/graph");

        using var content = new AlertmanagerWebhookBody(alertPerGroup: false).Create([firing, resolved]);
        using var body = JsonDocument.Parse(await content.ReadAsStringAsync());
        var root = body.RootElement;

        Assert.Equal(["receiver", "status", "alerts", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "version", "groupKey", "truncatedAlerts"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("4", root.GetProperty("version").GetString());
        Assert.Equal(0, root.GetProperty("truncatedAlerts").GetInt32());
        Assert.Equal("", root.GetProperty("externalURL").GetString());
        var alerts = root.GetProperty("alerts");
        Assert.Equal(["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"],
            alerts[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-25T08:00:00.5Z", alerts[0].GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alerts[0].GetProperty("endsAt").GetString());
        Assert.Equal("", alerts[0].GetProperty("generatorURL").GetString());
        Assert.Equal("2026-11-25T08:02:00.5Z", alerts[1].GetProperty("endsAt").GetString());
        Assert.Equal("http://prom/graph", alerts[1].GetProperty("generatorURL").GetString());
        Assert.Equal("00000000000000bb", alerts[1].GetProperty("fingerprint").GetString());
        // Maps are written sorted by name, as Go writes them.
        var names = alerts[0].GetProperty("labels").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }
}
