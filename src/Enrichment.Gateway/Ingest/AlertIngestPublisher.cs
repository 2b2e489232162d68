using Enrichment.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Enrichment.Gateway.Ingest;

/// <summary>
/// Hands a request's alerts to the bus and returns once the broker has confirmed every one
/// (publisher confirms). All sends are started together and awaited together: awaiting them one by
/// one would cost a broker round trip per alert.
/// </summary>
public sealed class AlertIngestPublisher(IBus bus, IOptions<GatewayOptions> options)
{
    public async Task PublishAsync(IReadOnlyList<AlertData> alerts, string route, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        var endpoint = await bus.GetSendEndpoint(MessagingTopology.AlertsQueueAddress).WaitAsync(timeout.Token);
        var sends = new Task[alerts.Count];
        for (var i = 0; i < alerts.Count; i++)
        {
            var message = new AlertReceived { Alert = alerts[i], ReceivedAt = receivedAt, Route = route };
            sends[i] = endpoint.Send(message, timeout.Token);
        }
        // WaitAsync as well as the token: a send blocked on a dead connection must not hold the request.
        await Task.WhenAll(sends).WaitAsync(timeout.Token);
    }
}
