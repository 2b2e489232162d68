using Enrichment.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Enrichment.Gateway.Ingest;

/// <summary>
/// Hands a request's alerts to the bus and returns once the broker has confirmed them (publisher
/// confirms). The alerts travel as <see cref="AlertsReceived"/> messages of up to
/// <c>GATEWAY_ALERTS_PER_MESSAGE</c> alerts: one broker round trip, one serialisation and one confirm
/// per chunk of a request instead of per alert. The chunks are sent together and awaited together.
/// </summary>
public sealed class AlertIngestPublisher(IBus bus, IOptions<GatewayOptions> options)
{
    public async Task PublishAsync(IReadOnlyList<AlertData> alerts, string route, DateTimeOffset receivedAt, CancellationToken cancellationToken,
        string? groupKey = null)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        var endpoint = await bus.GetSendEndpoint(MessagingTopology.AlertsQueueAddress).WaitAsync(timeout.Token);
        var perMessage = settings.AlertsPerMessage;
        var sends = new Task[(alerts.Count + perMessage - 1) / perMessage];
        for (var i = 0; i < sends.Length; i++)
        {
            var message = new AlertsReceived { Alerts = Chunk(alerts, i * perMessage, perMessage), ReceivedAt = receivedAt, Route = route, GroupKey = groupKey };
            sends[i] = endpoint.Send(message, timeout.Token);
        }
        // WaitAsync as well as the token: a send blocked on a dead connection must not hold the request.
        await Task.WhenAll(sends).WaitAsync(timeout.Token);
    }

    /// <summary>
    /// Sends one message without alerts, so that the first request does not pay for the send path's first use (the
    /// broker channel and the queue's declaration, MassTransit's send pipeline and envelope for this message type): on a
    /// freshly started gateway that was most of what made the first alerts slower than later ones. Workers take a message
    /// without alerts as nothing to do.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(MessagingTopology.AlertsQueueAddress).WaitAsync(cancellationToken);
        await endpoint.Send(new AlertsReceived { Alerts = [], ReceivedAt = DateTimeOffset.UtcNow, Route = IngestEndpoints.WebhookRoute }, cancellationToken)
            .WaitAsync(cancellationToken);
    }

    private static IReadOnlyList<AlertData> Chunk(IReadOnlyList<AlertData> alerts, int start, int size)
    {
        if (start == 0 && alerts.Count <= size)
        {
            return alerts;
        }
        var chunk = new AlertData[Math.Min(size, alerts.Count - start)];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = alerts[start + i];
        }
        return chunk;
    }
}
