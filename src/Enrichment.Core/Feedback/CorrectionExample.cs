using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Enrichment.Core.Feedback;

/// <summary>
/// A correction as the model is shown it: the corrected signature's view (marks, never hosts) and the verdict
/// people gave it. <see cref="CorrectionExamples"/> picks the most recent few.
/// </summary>
public sealed record CorrectionExample(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string? Severity,
    string? Category,
    string? Note);

/// <summary>
/// The corrections the model sees, and the tag that names them in the classification cache key. A model answer made
/// with one set of examples is cached under that set's tag, so when a correction is added or removed the tag changes
/// and each signature is asked again once, with the new examples; removing it brings the old tag, and the answers
/// cached under it, back. Without examples the tag is <c>c0</c>.
/// </summary>
public sealed record CorrectionExamples(IReadOnlyList<CorrectionExample> Items, string Tag)
{
    public static CorrectionExamples None { get; } = new([], "c0");

    /// <summary>The <paramref name="count"/> most recent corrections that carry a view.</summary>
    public static CorrectionExamples From(IEnumerable<SignatureOverride> overrides, int count)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var items = overrides
            .Where(o => o.Sample is not null)
            .OrderByDescending(o => o.At).ThenBy(o => o.Signature, StringComparer.Ordinal)
            .Take(count)
            .Select(o => new CorrectionExample(o.Sample!.Labels, o.Sample.Annotations, o.Severity, o.Category, o.Note))
            .ToList();
        if (items.Count == 0)
        {
            return None;
        }
        var canonical = JsonSerializer.Serialize(items.Select(i => new
        {
            labels = new SortedDictionary<string, string>(i.Labels.ToDictionary(), StringComparer.Ordinal),
            annotations = new SortedDictionary<string, string>(i.Annotations.ToDictionary(), StringComparer.Ordinal),
            i.Severity,
            i.Category,
            i.Note,
        }));
        return new CorrectionExamples(items, "c" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..10]);
    }
}
