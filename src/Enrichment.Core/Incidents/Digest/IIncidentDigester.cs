using Enrichment.Contracts;

namespace Enrichment.Core.Incidents.Digest;

/// <summary>
/// Writes one digest for a whole incident: a title, the probable root among its members, the blast radius and the first
/// three steps. The BYOK model implements it (<c>Enrichment.Llm</c>), under the classification's budgets, breaker,
/// redaction and marks; <see cref="RuleDigester"/> answers when there is no model or it fails.
/// </summary>
public interface IIncidentDigester
{
    /// <summary>Namespaces the digest cache, like <see cref="Classification.IAlertClassifier.CacheNamespace"/>.</summary>
    string CacheNamespace { get; }

    /// <summary>
    /// The digest of <paramref name="input"/>, written with marks (<c>{{labels.node}}</c>, <c>{{alerts}}</c>) where it names
    /// a volatile value or a figure, and its probable root as an index into <see cref="DigestInput.Members"/>. A failure is
    /// an answer with a <see cref="DigestAnswer.DegradedReason"/>, not an exception.
    /// </summary>
    Task<DigestAnswer> DigestAsync(DigestInput input, CancellationToken cancellationToken);
}

/// <summary>A digest with marks, and the index of its probable root; or why there is none.</summary>
public sealed record DigestAnswer
{
    public IncidentDigestData? Digest { get; init; }

    /// <summary>Index into <see cref="DigestInput.Members"/>.</summary>
    public int ProbableRoot { get; init; }

    public string? DegradedReason { get; init; }

    public static DigestAnswer Answered(IncidentDigestData digest, int probableRoot) => new() { Digest = digest, ProbableRoot = probableRoot };

    public static DigestAnswer Failed(string reason) => new() { DegradedReason = reason };
}
