using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Incidents.Digest;

/// <summary>
/// Makes the digest an update carries, once per material change of its incident: reused when the incident's set of
/// signatures is the one it was made for, looked up in the digest cache, else asked of the model (when one is configured
/// and the mode classifies), else written by the rules. Only a model's valid answer is cached. The digest is kept with its
/// marks and shown rendered with the incident's figures and its root's values.
/// </summary>
public sealed class IncidentDigests(RuleDigester rules, IDigestCache cache, ILogger<IncidentDigests> logger, IIncidentDigester? model = null)
{
    /// <summary>Whether a model writes digests (otherwise the rules do, <c>degradedReason: llm_disabled</c>).</summary>
    public bool HasModel => model is not null;

    /// <summary>The digest for <paramref name="claim"/>; null when none is due (the incident keeps the one it has).</summary>
    /// <param name="useModel">False in <c>transparent</c> mode, which asks no model for anything.</param>
    public async Task<DigestOutcome?> MakeAsync(IncidentClaim claim, bool useModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Digest is not { } input || input.Members.Count == 0)
        {
            return null;
        }
        var askModel = useModel && model is not null;
        var key = (askModel ? model!.CacheNamespace : "rules") + ":" + input.SignatureSet;
        IncidentDigestData? raw = null;
        var root = input.RootIndex;
        string? degraded = askModel ? null : useModel ? DegradedReason.LlmDisabled : null;

        if (claim.PreviousDigest is { Raw: { } previous } basis && basis.Key == key && IndexOf(input, basis.ProbableRootSignature) is { } reused)
        {
            (raw, root) = (previous with { Cache = "cache" }, reused);
        }
        else if (askModel)
        {
            var cached = await LookupAsync(key, input, cancellationToken);
            if (cached is { } hit)
            {
                (raw, root) = (hit.Digest with { Cache = "cache" }, hit.ProbableRoot);
            }
            else
            {
                var answer = await AskAsync(input, cancellationToken);
                if (answer.Digest is { } fresh && answer.ProbableRoot >= 0 && answer.ProbableRoot < input.Members.Count)
                {
                    (raw, root) = (fresh, answer.ProbableRoot);
                    await StoreAsync(key, fresh, input.Members[root].Signature, cancellationToken);
                }
                else
                {
                    degraded = answer.DegradedReason ?? DegradedReason.InvalidOutput;
                }
            }
        }
        raw ??= rules.Digest(input, degraded);

        var fingerprint = input.MemberFingerprints.ElementAtOrDefault(root);
        var shown = DigestRendering.Render(raw, input.Figures, input.RootValues) with { ProbableRoot = string.IsNullOrEmpty(fingerprint) ? null : fingerprint };
        var byModel = raw.Source != ClassificationSource.Rules;
        return new DigestOutcome(
            new DigestBasis
            {
                Key = key,
                Categories = input.Categories.ToList(),
                RootSignature = input.RootSignature,
                Raw = raw with { Cache = "none" },
                ProbableRootSignature = input.Members[root].Signature,
            },
            shown,
            byModel && !input.RootByEvidence && !string.IsNullOrEmpty(fingerprint) ? fingerprint : null);
    }

    private static int? IndexOf(DigestInput input, string? signature)
    {
        var index = signature is null ? -1 : input.Members.ToList().FindIndex(m => m.Signature == signature);
        return index >= 0 ? index : null;
    }

    private async Task<(IncidentDigestData Digest, int ProbableRoot)?> LookupAsync(string key, DigestInput input, CancellationToken cancellationToken)
    {
        try
        {
            // Cached with the probable root's signature; mapped onto this incident's members.
            return await cache.GetAsync(key, cancellationToken) is { } hit && IndexOf(input, hit.ProbableRoot) is { } index
                ? (hit with { ProbableRoot = null }, index)
                : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Digest cache lookup failed, asking the model: {Error}", ex.Message);
            return null;
        }
    }

    private async Task StoreAsync(string key, IncidentDigestData digest, string rootSignature, CancellationToken cancellationToken)
    {
        try
        {
            await cache.SetAsync(key, digest with { ProbableRoot = rootSignature }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Digest cache write failed: {Error}", ex.Message);
        }
    }

    private async Task<DigestAnswer> AskAsync(DigestInput input, CancellationToken cancellationToken)
    {
        try
        {
            return await model!.DigestAsync(input, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Digest model {Digester} failed: {Error}", model!.CacheNamespace, ex.GetType().Name);
            return DigestAnswer.Failed(DegradedReason.Error);
        }
    }
}

/// <summary>A digest made for an update: what the incident keeps, what the update shows, and the model's root (if it becomes the root).</summary>
public sealed record DigestOutcome(DigestBasis Basis, IncidentDigestData Shown, string? ModelRoot);
