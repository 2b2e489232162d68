using Enrichment.Core.History;

namespace Enrichment.Core.Feedback;

/// <summary>
/// A correction in force: every later alert of <see cref="Signature"/> gets <see cref="Severity"/> and
/// <see cref="Category"/> (<c>source: override</c>), ahead of the cache and the model. Audited: who set it (which
/// token — its kind, never the token), when, and the verdict it replaced.
/// </summary>
public sealed record SignatureOverride
{
    public required string Signature { get; init; }

    /// <summary>The severity every alert of the signature gets; null leaves the rules' for each alert.</summary>
    public string? Severity { get; init; }

    /// <summary>The category every alert of the signature gets; null leaves the rules' for each alert.</summary>
    public string? Category { get; init; }

    /// <summary>Why, in the words of whoever corrected it; shown as the verdict's reasoning and to the model.</summary>
    public string? Note { get; init; }

    /// <summary>Which credential set it: <c>admin-token</c>, <c>feedback-token</c> or <c>loopback</c> (admin without a token).</summary>
    public required string By { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The verdict it replaced: the last one the signature got (or the correction before this one); null when unknown.</summary>
    public VerdictSnapshot? Before { get; init; }

    /// <summary>The fingerprint the correction was posted for, when it was posted for one.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The signature's view when corrected: the input of the labelled set the export gives.</summary>
    public SignatureSample? Sample { get; init; }
}
