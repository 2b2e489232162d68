using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alertmanager;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Gateway.Ingest;

/// <summary>
/// Runs the ingest path's CPU-heavy steps on canned payloads before the gateway listens: both routes' readers and
/// validators (<see cref="AlertmanagerPayloadParser"/>) and the serialisation of <see cref="AlertsReceived"/> with the
/// bus' JSON options. Without it the first few thousand alerts after a start pay for compiling that code (the load
/// tool's first ingest round cost the gateway three to four times the CPU per alert of the later ones). Nothing is
/// published: the alerts are parsed, serialised and dropped. Hosted services start before Kestrel, so readiness comes
/// after the warm-up.
/// </summary>
public sealed class IngestWarmUp(ILogger<IngestWarmUp> logger) : IHostedService
{
    /// <summary>Enough calls of each per-request method for the runtime to promote it past its first, unoptimised tier.</summary>
    private const int Rounds = 64;

    private const int AlertsPerPayload = 64;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var webhook = Payload(webhook: true);
        var postable = Payload(webhook: false);
        var limits = new PayloadLimits();
        var now = DateTimeOffset.UtcNow;
        var alerts = 0;
        for (var round = 0; round < Rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            foreach (var parsed in new[] { AlertmanagerPayloadParser.ParseWebhook(webhook, limits, now), AlertmanagerPayloadParser.ParsePostableAlerts(postable, limits, now) })
            {
                if (!parsed.IsValid)
                {
                    // The canned payloads are valid; a refusal means the reader changed and the warm-up no longer warms it.
                    throw new InvalidOperationException($"the ingest warm-up's payload was refused: {parsed.RequestError ?? parsed.Refused[0].Error}");
                }
                var message = new AlertsReceived { Alerts = parsed.Alerts, ReceivedAt = now, Route = IngestEndpoints.WebhookRoute, GroupKey = parsed.GroupKey };
                alerts += JsonSerializer.SerializeToUtf8Bytes(message, SystemTextJsonMessageSerializer.Options).Length > 0 ? parsed.Alerts.Count : 0;
            }
        }
        logger.LogInformation("Ingest path warmed up on {Alerts} canned alerts in {Milliseconds} ms (nothing published)", alerts, clock.ElapsedMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A webhook (v4) or an API v2 body of alerts shaped like real ones: a few labels, annotations and timestamps.</summary>
    private static byte[] Payload(bool webhook)
    {
        var buffer = new ArrayBufferWriter<byte>(AlertsPerPayload * 400);
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (webhook)
            {
                json.WriteStartObject();
                json.WriteString("version", "4");
                json.WriteString("groupKey", "{}:{alertname=\"GatewayWarmUp\"}");
                json.WriteNumber("truncatedAlerts", 0);
                json.WriteString("status", "firing");
                json.WriteString("receiver", "warm-up");
                json.WriteStartObject("groupLabels");
                json.WriteString("alertname", "GatewayWarmUp");
                json.WriteEndObject();
                json.WriteStartObject("commonLabels");
                json.WriteEndObject();
                json.WriteStartObject("commonAnnotations");
                json.WriteEndObject();
                json.WriteString("externalURL", "http://alertmanager.invalid:9093");
                json.WriteStartArray("alerts");
            }
            else
            {
                json.WriteStartArray();
            }
            for (var i = 0; i < AlertsPerPayload; i++)
            {
                json.WriteStartObject();
                if (webhook)
                {
                    json.WriteString("status", "firing");
                }
                json.WriteStartObject("labels");
                json.WriteString("alertname", "GatewayWarmUp");
                json.WriteString("instance", $"host-{i}:9100");
                json.WriteString("job", "node");
                json.WriteString("severity", "warning");
                json.WriteEndObject();
                json.WriteStartObject("annotations");
                json.WriteString("summary", $"Warm-up alert {i}");
                json.WriteString("description", "A canned alert the gateway reads at start; never published.");
                json.WriteEndObject();
                json.WriteString("startsAt", "2026-01-01T00:00:00Z");
                json.WriteString("generatorURL", "http://prometheus.invalid:9090/graph");
                if (webhook)
                {
                    // What Alertmanager sends for a firing alert; API v2 senders leave it out.
                    json.WriteString("endsAt", "0001-01-01T00:00:00Z");
                    json.WriteString("fingerprint", $"{i:x16}");
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (webhook)
            {
                json.WriteEndObject();
            }
        }
        return buffer.WrittenSpan.ToArray();
    }
}
