using Enrichment.Core.Classification;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using Microsoft.Extensions.Logging;

namespace Enrichment.Llm.Digest;

/// <summary>
/// Incident digests by the BYOK model: one call per incident (per material change, cached by the incident's set of
/// signatures), through the classifier's own pipeline, budget and breaker (<see cref="LlmClassifier.TrySendAsync"/>), with
/// its redaction and marks (<see cref="DigestPrompt"/>). An invalid answer, like a failed call, leaves the digest to the rules.
/// </summary>
public sealed class LlmIncidentDigester(LlmClassifier model, ILogger<LlmIncidentDigester> logger) : IIncidentDigester
{
    private const int MaxOutputTokens = 700;

    private readonly DigestPrompt _prompt = new(model.Prompts);

    public string CacheNamespace { get; } = model.CacheNamespace + "/" + DigestPrompt.Version;

    public async Task<DigestAnswer> DigestAsync(DigestInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messages = _prompt.Build(input, out var shown);
        var (response, failure) = await model.TrySendAsync(messages, MaxOutputTokens, "incident digest", cancellationToken);
        if (response is null)
        {
            return DigestAnswer.Failed(failure ?? DegradedReason.Error);
        }
        var read = DigestAnswerReader.Read(response.Text, shown, model.Provider, model.Model);
        model.CountAnswer(read is not null);
        if (read is not { } answer)
        {
            logger.LogWarning("Model {Provider}/{Model} wrote an invalid incident digest; the rules write it (invalid_output)", model.Provider, model.Model);
            return DigestAnswer.Failed(DegradedReason.InvalidOutput);
        }
        return DigestAnswer.Answered(answer.Digest, answer.ProbableRoot);
    }
}
