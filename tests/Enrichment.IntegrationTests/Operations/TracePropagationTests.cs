using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using Enrichment.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>
/// One trace from the webhook POST through the bus, the worker's batch and the notifier to the
/// webhook target, seen by an in-memory exporter added to the host's own tracer provider.
/// </summary>
public class TracePropagationTests
{
    [Fact]
    public async Task Webhook_post_worker_batch_and_notifier_delivery_share_one_trace_without_alert_content()
    {
        await using var sink = await WebhookSink.StartAsync();
        var spans = new LockedList<Activity>();
        await using var factory = new EmbeddedFactory(new Dictionary<string, string?>
        {
            ["Enrichment:Mode"] = "enriched",
            ["Notifier:WebhookUrls"] = sink.Url.ToString(),
            // No OTLP endpoint here: the in-memory exporter below is the destination.
            ["Tracing:Enabled"] = "true",
        }).WithWebHostBuilder(b => b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = factory.CreateClient();

        // The caller's trace context, as a traced Alertmanager or proxy would send it: every span of the
        // pipeline must continue it. Other tests' hosts may export into the same process-wide listeners;
        // the trace id tells ours apart.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook")
        {
            Content = new StringContent(Alerts.Webhook(3), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await sink.WaitForFingerprintsAsync(3, TimeSpan.FromSeconds(60));
        Assert.Equal(3, sink.Fingerprints().Count);
        // The webhook target itself receives the trace context.
        Assert.NotEmpty(sink.TraceParents);
        Assert.All(sink.TraceParents, h => Assert.Equal(traceId.ToString(), h.Split('-')[1]));

        // Spans end (and are exported) a moment after the work they measure.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Activity[] ours = [];
        while (DateTime.UtcNow < deadline)
        {
            ours = spans.Snapshot().Where(a => a.TraceId == traceId).ToArray();
            if (HasEveryHop(ours))
            {
                break;
            }
            await Task.Delay(100);
        }
        var names = string.Join("\n", ours.Select(a => $"{a.Kind} {a.Source.Name} {a.DisplayName}"));
        Assert.Contains(ours, IsWebhookRequest);
        Assert.Contains(ours, IsWorkerConsume);
        Assert.Contains(ours, a => a.Source.Name == "Enrichment" && a.DisplayName == "classify batch");
        Assert.Contains(ours, IsNotifierConsume);
        Assert.True(HasEveryHop(ours), names);

        var batch = ours.First(a => a.DisplayName == "classify batch");
        Assert.Equal(3, batch.GetTagItem("enrichment.batch.size"));
        Assert.Equal("enriched", batch.GetTagItem("enrichment.mode"));

        // No alert content in any attribute: names, summaries and label values stay out of traces by default.
        var tagValues = ours.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").ToArray();
        foreach (var secret in new[] { "PostgresqlDown", "HostHighCpuLoad", "host-0", "Postgresql down" })
        {
            Assert.DoesNotContain(tagValues, v => v.Contains(secret, StringComparison.Ordinal));
        }
        // Outgoing calls name the host only: webhook paths can be secrets.
        var delivery = ours.Where(a => a.Kind == ActivityKind.Client && a.Source.Name.Contains("Http", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(delivery);
        Assert.All(delivery, a => Assert.DoesNotContain("/events", a.GetTagItem("url.full")?.ToString() ?? "", StringComparison.Ordinal));
    }

    private static bool HasEveryHop(Activity[] spans) =>
        spans.Any(IsWebhookRequest) && spans.Any(IsWorkerConsume) && spans.Any(IsNotifierConsume)
        && spans.Any(a => a.DisplayName == "classify batch")
        && spans.Any(a => a.Kind == ActivityKind.Client && a.Source.Name.Contains("Http", StringComparison.Ordinal));

    private static bool IsWebhookRequest(Activity a) =>
        a.Kind == ActivityKind.Server && a.GetTagItem("url.path") as string == "/webhook";

    private static bool IsWorkerConsume(Activity a) =>
        a.Kind == ActivityKind.Consumer && a.Source.Name == "MassTransit" && a.DisplayName.Contains("enrichment-alerts", StringComparison.Ordinal);

    private static bool IsNotifierConsume(Activity a) =>
        a.Kind == ActivityKind.Consumer && a.Source.Name == "MassTransit" && a.DisplayName.Contains("enrichment-notify-webhook", StringComparison.Ordinal);

    /// <summary>The exporter adds from the host's threads while the test reads.</summary>
    private sealed class LockedList<T> : Collection<T>
    {
        private readonly object _gate = new();

        protected override void InsertItem(int index, T item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }

        public T[] Snapshot()
        {
            lock (_gate)
            {
                return [.. Items];
            }
        }
    }
}
