using Enrichment.Core.Feedback;
using Enrichment.Core.History;

namespace Enrichment.IntegrationTests.Memory;

/// <summary>Corrections on the real Redis and in memory: every change moves the generation, a read returns the set with its generation.</summary>
public class OverrideStoreTests
{
    private static SignatureOverride Correction(string signature, string severity) => new()
    {
        Signature = signature,
        Severity = severity,
        Category = "network",
        Note = "flaky probe, \"quoted\" and <marked>",
        By = "feedback-token",
        At = new DateTimeOffset(2026, 11, 25, 8, 30, 0, TimeSpan.Zero),
        Before = new VerdictSnapshot("critical", "application", "llm"),
        Fingerprint = "507a62d79ee76c9a",
        Sample = new SignatureSample(
            new Dictionary<string, string> { ["alertname"] = "ProbeFailed", ["instance"] = "{{labels.instance}}", ["Env"] = "prod", ["env"] = "PROD" },
            new Dictionary<string, string> { ["summary"] = "probe failed {{num1}} times" },
            "probe_success == 0"),
    };

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task Set_replace_and_delete_each_move_the_generation_and_keep_every_field(string kind)
    {
        await using var stores = MemoryStores.Create(kind);
        var store = stores.Overrides;
        Assert.Equal(0, await store.GenerationAsync(default));

        var g1 = await store.SetAsync(Correction("a", "info"), default);
        var g2 = await store.SetAsync(Correction("b", "warning"), default);
        var g3 = await store.SetAsync(Correction("a", "noise"), default);
        var read = await store.ReadAsync(default);

        Assert.Equal([1L, 2L, 3L], [g1, g2, g3]);
        Assert.Equal(3, read.Generation);
        Assert.Equal(2, read.Overrides.Count);
        var a = read.Overrides["a"];
        Assert.Equal("noise", a.Severity);
        Assert.Equal(Correction("a", "noise") with { Sample = null }, a with { Sample = null });
        Assert.Equal(Correction("a", "noise").Sample!.Labels, a.Sample!.Labels);
        Assert.Equal(Correction("a", "noise").Sample!.Annotations, a.Sample.Annotations);
        Assert.Equal("probe_success == 0", a.Sample.Expression);

        var (removed, g4) = await store.DeleteAsync("a", default);
        var (none, _) = await store.DeleteAsync("a", default);
        var (all, g6) = await store.DeleteAsync(null, default);

        Assert.Equal((1, 4L), (removed, g4));
        Assert.Equal(0, none);
        Assert.Equal(1, all);
        Assert.Empty((await store.ReadAsync(default)).Overrides);
        Assert.Equal(g6, await store.GenerationAsync(default));
    }
}
