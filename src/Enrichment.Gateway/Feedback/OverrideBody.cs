using Enrichment.Core.Feedback;

namespace Enrichment.Gateway.Feedback;

/// <summary>
/// A correction as the routes show it: what it sets (<c>after</c>), what it replaced (<c>before</c>), who (<c>by</c>,
/// the kind of credential) and when (<c>at</c>), and the signature's view (<c>alert</c>: labels and annotations with
/// marks for what differs between its alerts, and the rule's expression).
/// </summary>
internal static class OverrideBody
{
    public static object Of(SignatureOverride o) => new
    {
        signature = o.Signature,
        severity = o.Severity,
        category = o.Category,
        note = o.Note,
        by = o.By,
        at = o.At,
        before = o.Before is { } b ? new { severity = b.Severity, category = b.Category, source = b.Source } : null,
        after = new { severity = o.Severity, category = o.Category },
        fingerprint = o.Fingerprint,
        alert = Alert(o),
    };

    /// <summary>One line of the labelled set (<c>?format=jsonl</c>): the input (the alert's view) and the labels people gave it.</summary>
    public static object LabelledLine(SignatureOverride o) => new
    {
        signature = o.Signature,
        alert = Alert(o),
        severity = o.Severity,
        category = o.Category,
        note = o.Note,
        before = o.Before is { } b ? new { severity = b.Severity, category = b.Category, source = b.Source } : null,
        by = o.By,
        at = o.At,
    };

    private static object? Alert(SignatureOverride o) => o.Sample is { } s
        ? new { labels = s.Labels, annotations = s.Annotations, expr = s.Expression }
        : null;
}
