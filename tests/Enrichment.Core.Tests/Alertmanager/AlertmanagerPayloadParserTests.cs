using System.Text;
using Enrichment.Core.Alertmanager;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Tests.Alertmanager;

public class AlertmanagerPayloadParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly PayloadLimits Limits = new();

    private static PayloadParseResult Webhook(string json, PayloadLimits? limits = null) =>
        AlertmanagerPayloadParser.ParseWebhook(Encoding.UTF8.GetBytes(json), limits ?? Limits, Now);

    private static PayloadParseResult V2(string json) =>
        AlertmanagerPayloadParser.ParsePostableAlerts(Encoding.UTF8.GetBytes(json), Limits, Now);

    private const string OneAlert = """
        {"version":"4","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am",
         "alerts":[{"status":"firing","labels":{"alertname":"A","severity":"page"},"annotations":{"summary":"s"},
                    "startsAt":"2026-11-25T08:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/g","fingerprint":"abcdef0123456789"}]}
        """;

    [Fact]
    public void Reads_a_webhook_v4_payload()
    {
        var result = Webhook(OneAlert);

        Assert.True(result.IsValid);
        var alert = Assert.Single(result.Alerts);
        Assert.Equal("abcdef0123456789", alert.Fingerprint);
        Assert.Equal("firing", alert.Status);
        Assert.Equal("page", alert.Labels["severity"]);
        Assert.Equal("s", alert.Annotations["summary"]);
        Assert.Equal("http://prom/g", alert.GeneratorUrl);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), alert.StartsAt);
    }

    [Fact]
    public void Computes_alertmanagers_fingerprint_when_the_payload_has_none()
    {
        var result = Webhook("""{"alerts":[{"labels":{"name":"garland, briggs","fear":"love is not enough"}}]}""");

        Assert.Equal("507a62d79ee76c9a", Assert.Single(result.Alerts).Fingerprint);
    }

    [Fact]
    public void Reads_api_v2_alerts_and_derives_status_from_endsAt()
    {
        var result = V2("""
            [{"labels":{"alertname":"Firing"},"startsAt":"2026-11-25T08:00:00Z"},
             {"labels":{"alertname":"Resolved"},"endsAt":"2026-11-25T11:00:00Z"},
             {"labels":{"alertname":"EndsLater"},"endsAt":"2026-11-25T13:00:00Z"}]
            """);

        Assert.True(result.IsValid);
        Assert.Equal(["firing", "resolved", "firing"], result.Alerts.Select(a => a.Status));
        Assert.All(result.Alerts, a => Assert.Equal(AlertFingerprint.Compute(a.Labels), a.Fingerprint));
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"}}", "$")]
    [InlineData("[]", "$")]
    [InlineData("{}", "alerts")]
    [InlineData("{\"alerts\":{}}", "alerts")]
    public void Refuses_a_request_it_cannot_read_whole(string json, string field)
    {
        var result = Webhook(json);

        Assert.False(result.IsValid);
        Assert.Empty(result.Alerts);
        Assert.Equal(field, result.RequestError!.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.RequestError.Detail));
    }

    [Theory]
    [InlineData("{\"alerts\":[1]}", "alerts[0]")]
    [InlineData("{\"alerts\":[{}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":null}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":{}}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"\"}}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":[]}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":{\"severity\":3}}]}", "alerts[0].labels.severity")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":null}}]}", "alerts[0].labels.a")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}]}", "alerts[0].labels.a")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a-b\":\"1\"}}]}", "alerts[0].labels.a-b")]
    [InlineData("{\"alerts\":[{\"labels\":{\"1a\":\"1\"}}]}", "alerts[0].labels.1a")]
    [InlineData("{\"alerts\":[{\"labels\":{\"\":\"b\"}}]}", "alerts[0].labels.")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"\\ud800\"}}]}", "alerts[0].labels.a")]
    [InlineData("{\"alerts\":[{\"labels\":{\"\\udc00\":\"x\"}}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"annotations\":{\"x\":{}}}]}", "alerts[0].annotations.x")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"annotations\":{\"x-y\":\"\"}}]}", "alerts[0].annotations.x-y")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"yesterday\"}]}", "alerts[0].startsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"2024-01-01T00:00:00\"}]}", "alerts[0].startsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"0000-01-01T00:00:00Z\"}]}", "alerts[0].startsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"endsAt\":12}]}", "alerts[0].endsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-01-02T00:00:00Z\",\"endsAt\":\"2026-01-01T00:00:00Z\"}]}", "alerts[0].endsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-11-25T12:05:01Z\"}]}", "alerts[0].startsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"status\":\"pending\"}]}", "alerts[0].status")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"generatorURL\":5}]}", "alerts[0].generatorURL")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"generatorURL\":\"graph?x\"}]}", "alerts[0].generatorURL")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"Labels\":{\"c\":\"d\"}}]}", "alerts[0].Labels")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"labels\":{\"c\":\"d\"}}]}", "alerts[0].labels")]
    public void Refuses_an_invalid_alert_naming_the_field(string json, string field)
    {
        var result = Webhook(json);

        Assert.Null(result.RequestError);
        Assert.Empty(result.Alerts);
        var refused = Assert.Single(result.Refused);
        Assert.Equal(0, refused.Index);
        Assert.Equal(field, refused.Error.Field);
        Assert.False(string.IsNullOrWhiteSpace(refused.Error.Detail));
    }

    [Fact]
    public void Keeps_the_valid_alerts_of_a_request_and_names_each_invalid_one()
    {
        var result = V2("""[{"labels":{"a":"b"}},{"labels":{"a":1}},{"labels":{"c":"d"}},{"labels":{"b-c":"x"}}]""");

        Assert.Equal(["b", "d"], result.Alerts.Select(a => a.Labels.Values.Single()));
        Assert.Equal([1, 3], result.Refused.Select(r => r.Index));
        Assert.Equal(["[1].labels.a", "[3].labels.b-c"], result.Refused.Select(r => r.Error.Field));
        Assert.Equal("[1].labels.a", result.Error!.Field);
    }

    [Fact]
    public void Drops_empty_valued_labels_before_the_fingerprint_and_before_checking_names()
    {
        var alert = Assert.Single(V2("""[{"labels":{"alertname":"A","empty":"","not-a-name":""}}]""").Alerts);

        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "A" }, alert.Labels);
        Assert.Equal(AlertFingerprint.Compute(new Dictionary<string, string> { ["alertname"] = "A" }), alert.Fingerprint);
    }

    [Fact]
    public void Keeps_labels_that_differ_only_in_case_as_two_labels()
    {
        var alert = Assert.Single(V2("""[{"labels":{"env":"prod","Env":"staging"},"annotations":{"note":"a","Note":"b"}}]""").Alerts);

        Assert.Equal("prod", alert.Labels["env"]);
        Assert.Equal("staging", alert.Labels["Env"]);
        Assert.Equal(2, alert.Annotations.Count);
    }

    [Fact]
    public void Sets_startsAt_as_Alertmanager_does()
    {
        var result = V2("""
            [{"labels":{"n":"none"}},
             {"labels":{"n":"zero"},"startsAt":"0001-01-01T00:00:00.000Z","endsAt":"0001-01-01T00:00:00.000Z"},
             {"labels":{"n":"endsOnly"},"endsAt":"2026-11-25T13:00:00.5Z"},
             {"labels":{"n":"given"},"startsAt":"2026-11-25T10:00:00+02:00"},
             {"labels":{"n":"soon"},"startsAt":"2026-11-25T12:05:00Z"},
             {"labels":{"n":"ahead"},"startsAt":"2026-11-26T12:00:00Z","endsAt":"2026-11-27T12:00:00Z"}]
            """);

        var alerts = result.Alerts.ToDictionary(a => a.Labels["n"]);
        Assert.Equal(Now, alerts["none"].StartsAt);
        Assert.Null(alerts["none"].EndsAt);
        Assert.Equal(Now, alerts["zero"].StartsAt);
        Assert.Null(alerts["zero"].EndsAt);
        Assert.Equal(alerts["endsOnly"].EndsAt, alerts["endsOnly"].StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), alerts["given"].StartsAt);
        Assert.Equal(6, result.Alerts.Count);
        Assert.All(result.Alerts, a => Assert.Equal("firing", a.Status));
    }

    [Fact]
    public void Ignores_unknown_properties_of_a_postable_alert_status_included()
    {
        var result = V2("""[{"labels":{"a":"b"},"status":"weird","fingerprint":7,"receivers":[{"name":"x"}],"extra":{"deep":[1,2]}}]""");

        var alert = Assert.Single(result.Alerts);
        Assert.Equal("firing", alert.Status);
        Assert.Equal(AlertFingerprint.Compute(alert.Labels), alert.Fingerprint);
    }

    [Fact]
    public void Ignores_unknown_properties_whose_names_hold_a_lone_surrogate()
    {
        var webhook = Webhook("""{"\ud800":1,"alerts":[{"labels":{"a":"b"},"\udfff":"\ud800"}]}""");
        var v2 = V2("""[{"\ud800":"x","labels":{"a":"b"}}]""");

        Assert.True(webhook.IsValid, webhook.Error?.Detail);
        Assert.True(v2.IsValid, v2.Error?.Detail);
    }

    [Theory]
    [InlineData("http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200")]
    [InlineData("/graph?g0.expr=up")]
    [InlineData("mailto:ops@example.com")]
    [InlineData("http:")]
    [InlineData("http://[::1]:9090/x")]
    [InlineData("")]
    public void Takes_a_generatorURL_that_Alertmanager_takes(string url)
    {
        var result = V2($$"""[{"labels":{"a":"b"},"generatorURL":"{{url}}"}]""");

        Assert.True(result.IsValid, result.Error?.Detail);
        Assert.Equal(url.Length == 0 ? null : url, result.Alerts[0].GeneratorUrl);
    }

    [Fact]
    public void Refuses_invalid_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"alerts\":[{\"labels\":{\"a\":\"__\"}}]}");
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0xC3;
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0x28;

        var result = AlertmanagerPayloadParser.ParseWebhook(bytes, Limits, Now);

        Assert.Contains("UTF-8", result.Error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_deep_nesting()
    {
        var json = "{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"x\":" + new string('[', 100) + new string(']', 100) + "}]}";

        Assert.False(Webhook(json).IsValid);
    }

    [Fact]
    public void Enforces_alert_count_and_value_length_limits()
    {
        var limits = new PayloadLimits { MaxAlertsPerRequest = 2, MaxValueLength = 10 };

        var tooMany = Webhook("""{"alerts":[{"labels":{"a":"1"}},{"labels":{"a":"2"}},{"labels":{"a":"3"}}]}""", limits);
        var tooLong = Webhook("""{"alerts":[{"labels":{"a":"12345678901"}}]}""", limits);

        Assert.Equal("alerts", tooMany.RequestError!.Field);
        Assert.Contains("at most 2", tooMany.RequestError.Detail, StringComparison.Ordinal);
        Assert.Null(tooLong.RequestError);
        Assert.Equal("alerts[0].labels.a", Assert.Single(tooLong.Refused).Error.Field);
    }
}
