using System.Collections.Concurrent;
using System.Diagnostics;
using Enrichment.Core.Diagnostics;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>Every model call is a span with the GenAI semantic conventions, and carries no alert text and no key.</summary>
public sealed class ModelTelemetryTests : IAsyncLifetime
{
    private const string Model = "telemetry-test-model";
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_model_call_is_a_gen_ai_span_without_alert_text()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EnrichmentTelemetry.ModelSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var classifier = Classifiers.Create(_fake, LlmProviders.OpenAICompatible, o => o.Model = Model);
        var alert = TestAlerts.Alert("TelemetryProbe", annotations: new Dictionary<string, string> { ["summary"] = "UNIQUE-ALERT-TEXT-4711 on db-9" });

        await classifier.ClassifyAsync([alert], CancellationToken.None);

        var span = Assert.Single(spans, s => s.GetTagItem("gen_ai.request.model") as string == Model);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.NotNull(span.GetTagItem("gen_ai.usage.input_tokens"));
        var everything = string.Join("\n", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(span.Events.Select(e => e.Name)));
        Assert.DoesNotContain("UNIQUE-ALERT-TEXT-4711", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Classifiers.Key, everything, StringComparison.Ordinal);
    }
}
