using System.Globalization;
using System.Text;

namespace Enrichment.Core.Alerts;

/// <summary>
/// Alertmanager's own fingerprint: FNV-1a 64 over the label names in sorted order, each name and
/// value followed by the byte 0xFF, printed as 16 lowercase hex digits. The separators matter:
/// projects that skip them produce values that do not match Alertmanager's.
/// </summary>
public static class AlertFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const byte Separator = 0xFF;

    public static string Compute(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var names = new string[labels.Count];
        var i = 0;
        foreach (var name in labels.Keys)
        {
            names[i++] = name;
        }
        // Go sorts label names by byte order; ordinal comparison of UTF-16 agrees for the BMP.
        Array.Sort(names, StringComparer.Ordinal);

        var hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var name in names)
        {
            hash = Add(hash, name, buffer);
            hash = AddByte(hash, Separator);
            hash = Add(hash, labels[name], buffer);
            hash = AddByte(hash, Separator);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, string text, Span<byte> buffer)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= buffer.Length ? buffer : new byte[max];
        var count = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..count])
        {
            hash = AddByte(hash, b);
        }
        return hash;
    }

    private static ulong AddByte(ulong hash, byte b) => (hash ^ b) * Prime;
}
