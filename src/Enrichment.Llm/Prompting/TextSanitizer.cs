using System.Globalization;
using System.Text;

namespace Enrichment.Llm.Prompting;

/// <summary>
/// Strips what a reader cannot see but a model reads: zero-width and bidi characters, Unicode tags
/// (U+E0000 block), variation selectors, control characters; then caps the length.
/// </summary>
public static class TextSanitizer
{
    public static string Clean(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        for (var i = 0; i < text.Length;)
        {
            var rune = Rune.GetRuneAt(text, i);
            i += rune.Utf16SequenceLength;
            if (IsInvisible(rune))
            {
                continue;
            }
            if ((long)builder.Length + rune.Utf16SequenceLength > maxLength)
            {
                // Room for the ellipsis, so that the result never exceeds maxLength.
                builder.Length = Math.Max(0, Math.Min(builder.Length, maxLength - 1));
                builder.Append('…');
                break;
            }
            builder.Append(rune.ToString());
        }
        return builder.ToString().Trim();
    }

    private static bool IsInvisible(Rune rune)
    {
        if (rune.Value is '\n' or '\t')
        {
            return false;
        }
        var value = rune.Value;
        if (value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF)
        {
            return true; // variation selectors: a known carrier for hidden text
        }
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
    }
}
