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
    [InlineData("{\"alerts\":[1]}", "alerts[0]")]
    [InlineData("{\"alerts\":[{}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":{}}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":[]}]}", "alerts[0].labels")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"}},{\"labels\":{\"severity\":3}}]}", "alerts[1].labels.severity")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":null}}]}", "alerts[0].labels.a")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"annotations\":{\"x\":{}}}]}", "alerts[0].annotations.x")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"yesterday\"}]}", "alerts[0].startsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"endsAt\":12}]}", "alerts[0].endsAt")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"status\":\"pending\"}]}", "alerts[0].status")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"generatorURL\":5}]}", "alerts[0].generatorURL")]
    [InlineData("{\"alerts\":[{\"labels\":{\"\":\"b\"}}]}", "alerts[0].labels")]
    public void Names_the_field_that_is_wrong(string json, string field)
    {
        var result = Webhook(json);

        Assert.False(result.IsValid);
        Assert.Empty(result.Alerts);
        Assert.Equal(field, result.Error!.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Detail));
    }

    [Fact]
    public void Refuses_a_whole_v2_request_for_one_bad_alert()
    {
        var result = V2("""[{"labels":{"a":"b"}},{"labels":{"a":1}}]""");

        Assert.Equal("[1].labels.a", result.Error!.Field);
        Assert.Empty(result.Alerts);
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

        Assert.Equal("alerts", tooMany.Error!.Field);
        Assert.Contains("at most 2", tooMany.Error.Detail, StringComparison.Ordinal);
        Assert.Equal("alerts[0].labels.a", tooLong.Error!.Field);
    }
}
