using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Core.Tests.Classification.Caching;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Core.Tests.Feedback;

public class CorrectionRecorderTests
{
    private const string Signature = "0123456789abcdef0123456789abcdef";
    private readonly InMemoryAlertHistoryStore _history = new();
    private readonly InMemoryOverrideStore _overrides = new();
    private readonly RecordingMetrics _metrics = new();
    private readonly ManualClock _clock = new();

    private CorrectionRecorder Recorder() => new(_history, _overrides, _metrics, _clock, NullLogger<CorrectionRecorder>.Instance);

    private async Task SeenAsync(VerdictSnapshot? verdict)
    {
        var sample = new SignatureSample(new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "{{labels.instance}}" },
            new Dictionary<string, string>(), null);
        await _history.RememberAsync([new FiringMemo("fp-1", Signature, 0, Novelty.New, false)], [new SignatureCard(Signature, sample, verdict)], default);
    }

    [Fact]
    public async Task A_correction_for_a_fingerprint_replaces_its_signatures_last_verdict_and_keeps_what_it_does_not_correct()
    {
        await SeenAsync(new VerdictSnapshot("critical", "storage", "llm"));

        var outcome = await Recorder().RecordAsync(new CorrectionRequest("fp-1", null, "info", null, "test host"), "feedback-token", default);

        var stored = Assert.Single((await _overrides.ReadAsync(default)).Overrides.Values);
        Assert.Equal(stored, outcome.Override);
        Assert.Equal(1, outcome.Generation);
        Assert.Equal((Signature, "info", "storage", "test host", "feedback-token"), (stored.Signature, stored.Severity, stored.Category, stored.Note, stored.By));
        Assert.Equal(new VerdictSnapshot("critical", "storage", "llm"), stored.Before);
        Assert.Equal(_clock.GetUtcNow(), stored.At);
        Assert.Equal("DiskFull", stored.Sample!.AlertName);
        Assert.Equal(["severity:1", "note:1", "corrected:llm:1"], _metrics.Counts);
    }

    [Fact]
    public async Task A_second_correction_records_the_first_as_what_it_replaced()
    {
        await SeenAsync(new VerdictSnapshot("critical", "storage", "rules"));
        await Recorder().RecordAsync(new CorrectionRequest(null, Signature, "info", null, null), "admin-token", default);

        var outcome = await Recorder().RecordAsync(new CorrectionRequest(null, Signature, null, "database", null), "feedback-token", default);

        Assert.Equal(new VerdictSnapshot("info", "storage", "override"), outcome.Override!.Before);
        Assert.Equal(("info", "database"), (outcome.Override.Severity, outcome.Override.Category));
        Assert.Equal(2, outcome.Generation);
    }

    [Fact]
    public async Task An_unknown_fingerprint_or_signature_is_named()
    {
        var byFingerprint = await Recorder().RecordAsync(new CorrectionRequest("never-seen", null, "info", null, null), "loopback", default);
        var bySignature = await Recorder().RecordAsync(new CorrectionRequest(null, Signature, "info", null, null), "loopback", default);

        Assert.Equal("fingerprint", byFingerprint.Field);
        Assert.Equal("signature", bySignature.Field);
        Assert.Empty((await _overrides.ReadAsync(default)).Overrides);
        Assert.Empty(_metrics.Counts);
    }

    [Fact]
    public async Task Without_a_known_verdict_the_fields_left_out_stay_unset()
    {
        await SeenAsync(verdict: null);

        var outcome = await Recorder().RecordAsync(new CorrectionRequest("fp-1", null, "warning", null, null), "loopback", default);

        Assert.Null(outcome.Override!.Before);
        Assert.Null(outcome.Override.Category);
        Assert.Contains("corrected:unknown:1", _metrics.Counts);
    }
}
