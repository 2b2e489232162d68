using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Enrichment.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Gateway.Ingest;

/// <summary>
/// Warms the ingest path end to end, publishing no alert, so that a freshly started gateway takes its first storm as fast
/// as later ones (the image compiles each method once, fully optimised, on its first call: deploy/Dockerfile):
/// <list type="number">
/// <item>once the bus has started and before the gateway listens, one send without alerts
/// (<see cref="AlertIngestPublisher.WarmUpAsync"/>: the broker channel, the queue's declaration, MassTransit's send
/// pipeline for the message type);</item>
/// <item>once it listens, a few <c>POST /api/v2/alerts</c> of an empty list and <c>POST /webhook</c> of a notification without
/// alerts to itself over loopback (Kestrel, routing, the endpoint's delegate, the body reader). Not with
/// <c>GATEWAY_AUTH_TOKEN</c> set: they would stop at the token check (the service does not read the secret back), warm
/// little, and show as refused requests in the HTTP metrics.</item>
/// </list>
/// Registered after the bus, as hosted services start in order. Bounded: a broker or a server that does not answer delays
/// nothing by more than <see cref="Limit"/>, and the gateway then starts cold, as it would have.
/// </summary>
public sealed class IngestSendWarmUp(AlertIngestPublisher publisher, IServer server,
    [FromKeyedServices(AuthEndpointFilters.IngestKey)] TokenCheck ingestToken, ILogger<IngestSendWarmUp> logger) : IHostedLifecycleService
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private const int Requests = 16;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            await publisher.WarmUpAsync(timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Ingest send path not warmed up ({Error}); the first requests start cold", ex.GetType().Name);
        }
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (ingestToken.IsConfigured || Loopback() is not { } self)
        {
            return;
        }
        using var http = new HttpClient { BaseAddress = self, Timeout = Limit };
        try
        {
            for (var i = 0; i < Requests && !cancellationToken.IsCancellationRequested; i++)
            {
                await PostAsync(http, "/api/v2/alerts", "[]", cancellationToken);
                await PostAsync(http, "/webhook", """{"version":"4","groupKey":"{}:{}","status":"firing","receiver":"warm-up","alerts":[]}""", cancellationToken);
            }
            logger.LogInformation("Ingest path warmed up over {Address} (no alert published)", self);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Ingest routes not warmed up ({Error})", ex.GetType().Name);
        }
    }

    private static async Task PostAsync(HttpClient http, string path, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, cancellationToken);
    }

    /// <summary>The first plain-HTTP address the server listens on, as a loopback URL; null when there is none.</summary>
    private Uri? Loopback()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var port = address[(address.LastIndexOf(':') + 1)..].TrimEnd('/');
            if (int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return new Uri($"http://127.0.0.1:{number}/");
            }
        }
        return null;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
