using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Llm.Answers;
using Enrichment.Llm.Tests.Fakes;

namespace Enrichment.Llm.Tests;

/// <summary>
/// <c>LLM_PROTECT_CRITICAL</c> reads "labelled critical" as the rules do (<see cref="StatedSeverity"/>): a
/// model may not call <c>priority: P1</c> or <c>severity: sev1</c> noise any more than <c>severity: critical</c>.
/// </summary>
public sealed class CriticalProtectionTests
{
    private static readonly JsonElement NoiseAnswer = JsonDocument.Parse(FakeAnswers.Serialize(FakeAnswers.Item(1, severity: "noise", category: "observability"))).RootElement;

    [Theory]
    [InlineData("severity", "critical")]
    [InlineData("severity", "page")]
    [InlineData("severity", "sev1")]
    [InlineData("priority", "P1")]
    [InlineData("level", "disaster")]
    public void A_model_may_not_call_an_alert_labelled_critical_noise(string label, string value)
    {
        var alert = AlertWith(label, value);

        Assert.True(StatedSeverity.IsCritical(alert.Labels));
        Assert.Null(new AnswerValidator("fake", "m", protectCritical: true).Validate(NoiseAnswer, alert));
        Assert.Equal(Severity.Noise, new AnswerValidator("fake", "m", protectCritical: false).Validate(NoiseAnswer, alert)?.Severity);
    }

    [Theory]
    [InlineData("severity", "warning")]
    [InlineData("severity", "sev3")]
    [InlineData("priority", "P3")]
    [InlineData("urgency", "P1")]
    public void An_alert_not_labelled_critical_may_be_called_noise(string label, string value)
    {
        var alert = AlertWith(label, value);

        Assert.Equal(Severity.Noise, new AnswerValidator("fake", "m", protectCritical: true).Validate(NoiseAnswer, alert)?.Severity);
    }

    private static AlertData AlertWith(string label, string value) => new()
    {
        Fingerprint = "0000000000000001",
        Status = "firing",
        Labels = new Dictionary<string, string> { ["alertname"] = "NightlyBackupSlow", [label] = value },
        Annotations = new Dictionary<string, string>(),
    };
}
