using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Feedback;

/// <summary>
/// A correction as posted to <c>POST /api/v1/feedback</c>: <c>{"fingerprint"|"signature": …, "severity"?, "category"?,
/// "note"?}</c>. <see cref="Parse"/> validates it whole and names the first bad field; unknown properties are ignored.
/// </summary>
public sealed partial record CorrectionRequest(string? Fingerprint, string? Signature, string? Severity, string? Category, string? Note)
{
    /// <summary>Fingerprints are Alertmanager's 16 hex digits, or whatever a source sent; bounded all the same.</summary>
    public const int MaxFingerprintLength = 256;

    public static (CorrectionRequest? Request, string? Field, string? Problem) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return (null, "$", "the body must be a JSON object");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "$", "the body must be a JSON object");
            }
            string? fingerprint = null, signature = null, severity = null, category = null, note = null;
            foreach (var (name, setter) in new (string, Action<string?>)[]
            {
                ("fingerprint", v => fingerprint = v), ("signature", v => signature = v), ("severity", v => severity = v),
                ("category", v => category = v), ("note", v => note = v),
            })
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (value.ValueKind != JsonValueKind.String)
                {
                    return (null, name, "must be a string");
                }
                setter(value.GetString());
            }
            return Validate(new CorrectionRequest(Blank(fingerprint), Blank(signature), Blank(severity), Blank(category), Blank(note)));
        }
    }

    private static (CorrectionRequest?, string?, string?) Validate(CorrectionRequest request)
    {
        if ((request.Fingerprint is null) == (request.Signature is null))
        {
            return (null, "fingerprint", "give either an alert's fingerprint or a signature (one of them)");
        }
        if (request.Fingerprint is { Length: > MaxFingerprintLength })
        {
            return (null, "fingerprint", $"must be at most {MaxFingerprintLength} characters");
        }
        if (request.Signature is { } signature && !SignaturePattern().IsMatch(signature))
        {
            return (null, "signature", "must be 32 lowercase hex digits, as GET /api/v1/overrides lists them");
        }
        if (request.Severity is null && request.Category is null)
        {
            return (null, "severity", "give the right severity, the right category, or both");
        }
        string? severity = null, category = null;
        if (request.Severity is { } given)
        {
            // The verdict's names, or the aliases a severity label may use (page, p1, warn…).
            var parsed = Taxonomy.TryParseSeverity(given, out var named) ? named : Taxonomy.NormalizeSeverityLabel(given);
            if (parsed is null)
            {
                return (null, "severity", "must be critical, warning, info or noise");
            }
            severity = parsed.Value.ToWire();
        }
        if (request.Category is { } wanted)
        {
            if (!Taxonomy.TryParseCategory(wanted, out var parsed))
            {
                return (null, "category", "must be one of " + string.Join(", ", Taxonomy.Categories.Select(c => c.ToWire())));
            }
            category = parsed.Value.ToWire();
        }
        if (request.Note is { Length: > FeedbackOptions.MaxNoteLength })
        {
            return (null, "note", $"must be at most {FeedbackOptions.MaxNoteLength} characters");
        }
        return (request with { Severity = severity, Category = category }, null, null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SignaturePattern();
}
