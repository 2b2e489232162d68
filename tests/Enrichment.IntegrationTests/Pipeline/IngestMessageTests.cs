using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.IntegrationTests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.IntegrationTests.Pipeline;

/// <summary>
/// The gateway hands a request's alerts to the workers as <see cref="AlertsReceived"/> messages of up to
/// <c>GATEWAY_ALERTS_PER_MESSAGE</c> alerts; workers still enrich every alert on its own and skip a broken
/// item without failing the others of its message.
/// </summary>
public class IngestMessageTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_split_over_several_messages_gives_one_event_per_alert()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var host = new EmbeddedFactory(Settings(sink, alertsPerMessage: 2));
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/webhook", new StringContent(Alerts.Webhook(5), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt32());
        await sink.WaitForFingerprintsAsync(5, Delivery);
        // A marker request after it: once its event is in, any extra event of the split request would be in too.
        var marker = await PostMarkerAsync(client);
        await sink.WaitForFingerprintAsync(marker, Delivery);
        Assert.Equal(6, sink.Fingerprints().Count);
        Assert.Equal(6, sink.Events.Count);
        Assert.All(sink.Events, e => Assert.Equal("enriched", e.GetProperty("mode").GetString()));
        Assert.All(sink.Events, e => Assert.Equal(JsonValueKind.Object, e.GetProperty("classification").ValueKind));
    }

    [Fact]
    public async Task A_broken_item_in_a_request_message_does_not_fail_the_other_alerts()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var host = new EmbeddedFactory(Settings(sink, alertsPerMessage: 100));
        using var _ = host.CreateClient();
        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(MessagingTopology.AlertsQueueAddress);

        await endpoint.Send(new AlertsReceived
        {
            Alerts = [Alert("fine-1"), null!, Alert("fine-2") with { Labels = null! }, Alert("fine-3")],
            ReceivedAt = DateTimeOffset.UtcNow,
            Route = "api_v2",
        });

        await sink.WaitForFingerprintsAsync(2, Delivery);
        // A message after it: once its alert is through, nothing more of the broken message is coming.
        await endpoint.Send(new AlertsReceived { Alerts = [Alert("marker")], ReceivedAt = DateTimeOffset.UtcNow, Route = "api_v2" });
        await sink.WaitForFingerprintAsync("marker", Delivery);
        Assert.Equal(new HashSet<string> { "fine-1", "fine-3", "marker" }, sink.Fingerprints());
    }

    [Fact]
    public async Task The_gateways_start_up_warm_up_reads_canned_alerts_but_publishes_none()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var host = new EmbeddedFactory(Settings(sink, alertsPerMessage: 100));
        using var client = host.CreateClient();

        // The warm-up ran before the host served this request (hosted services start first); a marker after it: once its
        // event is in, an event of any warm-up alert would be in too.
        var marker = await PostMarkerAsync(client);
        await sink.WaitForFingerprintAsync(marker, Delivery);
        Assert.Equal(new HashSet<string> { marker }, sink.Fingerprints());
        Assert.DoesNotContain(sink.Events, e => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString() == "GatewayWarmUp");
    }

    /// <summary>Posts one alert unlike those of <see cref="Alerts.Webhook"/>; returns its fingerprint.</summary>
    private static async Task<string> PostMarkerAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/v2/alerts",
            new StringContent("""[{"labels":{"alertname":"Marker"}}]""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"the marker was refused: {(int)response.StatusCode}");
        return Enrichment.Core.Alerts.AlertFingerprint.Compute(new Dictionary<string, string> { ["alertname"] = "Marker" });
    }

    private static Dictionary<string, string?> Settings(WebhookSink sink, int alertsPerMessage) => new()
    {
        ["Enrichment:Mode"] = "enriched",
        ["Notifier:WebhookUrls"] = sink.Url.ToString(),
        ["Gateway:AlertsPerMessage"] = alertsPerMessage.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static AlertData Alert(string fingerprint) => AlertBuilder.Alert(
        "HostOutOfDiskSpace", summary: "Host out of disk space", labels: [AlertBuilder.L("instance", fingerprint)], fingerprint: fingerprint);
}
