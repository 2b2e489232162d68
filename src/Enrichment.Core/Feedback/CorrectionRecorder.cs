using Enrichment.Core.History;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Feedback;

/// <summary>
/// Takes a correction for the gateway: resolves a fingerprint to its signature (the workers keep that map in the
/// history store), records what the correction replaces — the correction in force, or else the last verdict the
/// signature got — fills the fields it leaves out from that verdict, stores it, and counts it.
/// </summary>
public sealed class CorrectionRecorder(
    IAlertHistoryStore history,
    IOverrideStore overrides,
    IEnrichmentMetrics metrics,
    TimeProvider time,
    ILogger<CorrectionRecorder> logger)
{
    public async Task<CorrectionOutcome> RecordAsync(CorrectionRequest request, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = request.Signature;
        if (signature is null)
        {
            var memo = await history.FindFingerprintAsync(request.Fingerprint!, cancellationToken);
            if (memo is null)
            {
                return CorrectionOutcome.NotFound("fingerprint",
                    "no worker has seen an alert with this fingerprint in the last 30 days (or HISTORY_ENABLED=false, which keeps no fingerprints)");
            }
            signature = memo.Signature;
        }
        var card = await history.FindSignatureAsync(signature, cancellationToken);
        if (card is null && request.Signature is not null)
        {
            return CorrectionOutcome.NotFound("signature", "no worker has seen an alert of this signature in the last 30 days");
        }
        var current = (await overrides.ReadAsync(cancellationToken)).Overrides.GetValueOrDefault(signature);
        var before = current is not null
            ? new VerdictSnapshot(current.Severity ?? card?.Verdict?.Severity ?? "", current.Category ?? card?.Verdict?.Category ?? "", "override")
            : card?.Verdict;
        var correction = new SignatureOverride
        {
            Signature = signature,
            // A field left out keeps what the replaced verdict said: correcting the severity does not unset the category.
            Severity = request.Severity ?? NonEmpty(before?.Severity),
            Category = request.Category ?? NonEmpty(before?.Category),
            Note = request.Note,
            By = by,
            At = time.GetUtcNow(),
            Before = before,
            Fingerprint = request.Fingerprint,
            Sample = card?.Sample ?? current?.Sample,
        };
        var generation = await overrides.SetAsync(correction, cancellationToken);

        foreach (var (field, given) in new[] { ("severity", request.Severity), ("category", request.Category), ("note", request.Note) })
        {
            if (given is not null)
            {
                metrics.Feedback(field);
            }
        }
        metrics.VerdictCorrected(before?.Source is { Length: > 0 } source ? source : "unknown");
        logger.LogInformation("Correction for signature {Signature} ({AlertName}) by {By}: {BeforeSeverity}/{BeforeCategory} ({BeforeSource}) -> {Severity}/{Category}, generation {Generation}",
            signature, correction.Sample?.AlertName ?? "?", by, before?.Severity ?? "?", before?.Category ?? "?", before?.Source ?? "unknown",
            correction.Severity ?? "(rules)", correction.Category ?? "(rules)", generation);
        return CorrectionOutcome.Stored(correction, generation);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>A stored correction and its generation, or which field named nothing known.</summary>
public sealed record CorrectionOutcome(SignatureOverride? Override, long Generation, string? Field, string? Problem)
{
    public static CorrectionOutcome Stored(SignatureOverride correction, long generation) => new(correction, generation, null, null);

    public static CorrectionOutcome NotFound(string field, string problem) => new(null, 0, field, problem);
}
