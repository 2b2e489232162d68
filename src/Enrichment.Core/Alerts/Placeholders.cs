using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Enrichment.Core.Alerts;

/// <summary>
/// The marks that stand for what an alert's signature leaves out: <c>{{labels.instance}}</c> for the
/// value of a volatile label, <c>{{num1}}</c>, <c>{{num2}}</c>… for the numbers of its annotations.
/// A classifier sees and writes the marks; each alert's answer is rendered with that alert's own values.
/// <para>
/// Double braces because models keep template variables as they are (they meet Jinja and Go templates
/// everywhere). Alert text cannot forge a mark: the masked view never holds two adjacent <c>{</c> of
/// its own (<see cref="AppendEscaped"/> writes <c>{ {</c>), so every mark in it was put there by the
/// masking. Rendering is one pass over the classifier's text with one alert's values: a value is never
/// read again for marks, and no alert can receive another's values.
/// </para>
/// </summary>
public static partial class Placeholders
{
    public const string LabelPrefix = "labels.";
    public const string NumberPrefix = "num";

    /// <summary>The mark for a volatile label's value, e.g. <c>{{labels.instance}}</c>.</summary>
    public static string Label(string name) => "{{" + LabelPrefix + name + "}}";

    /// <summary>The mark for the <paramref name="ordinal"/>-th number (from 1), e.g. <c>{{num1}}</c>.</summary>
    public static string Number(int ordinal) => "{{" + NumberPrefix + ordinal.ToString(CultureInfo.InvariantCulture) + "}}";

    /// <summary>
    /// Replaces every mark of <paramref name="text"/> that <paramref name="values"/> knows with its value.
    /// Tolerates what models make of a mark (<c>{{ labels.instance }}</c>, <c>{{ $labels.instance }}</c>,
    /// <c>{{.Labels.instance}}</c>); unknown marks are left as they are. Returns <paramref name="text"/>
    /// itself when it holds no mark.
    /// </summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrEmpty(text) || values.Count == 0 || !text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }
        try
        {
            return Mark().Replace(text, match =>
            {
                var name = match.Groups["label"].Success
                    ? LabelPrefix + match.Groups["label"].Value
                    : NumberPrefix + match.Groups["number"].Value;
                return values.TryGetValue(name, out var value) ? value : match.Value;
            });
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological answer: shown with its marks, which name nobody, rather than failing the batch.
            return text;
        }
    }

    /// <summary>
    /// Appends one character of alert text so that the text can hold no mark: a space goes between two
    /// adjacent <c>{</c> (<c>{{labels.x}}</c> in alert text arrives as <c>{ {labels.x}}</c>).
    /// </summary>
    public static void AppendEscaped(StringBuilder builder, char c)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Marks are appended whole, never through here, and end in "}}": a "{" before this one is alert text.
        if (c == '{' && FollowsBrace(builder))
        {
            builder.Append(' ');
        }
        builder.Append(c);
    }

    /// <summary>
    /// Whether the last character a reader (or a model) sees is <c>{</c>. Characters nobody sees do not
    /// count: a prompt strips them, and <c>{</c>, zero-width space, <c>{</c> would arrive as two braces.
    /// </summary>
    private static bool FollowsBrace(StringBuilder builder)
    {
        for (var i = builder.Length - 1; i >= 0; i--)
        {
            var c = builder[i];
            if (c == '{')
            {
                return true;
            }
            if (!IsUnseen(c))
            {
                return false;
            }
        }
        return false;
    }

    private static bool IsUnseen(char c) =>
        c is >= '\uFE00' and <= '\uFE0F'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.Control or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.NonSpacingMark;

    /// <summary>Alert text made unable to hold a mark (see <see cref="AppendEscaped(StringBuilder, char)"/>).</summary>
    public static string Escape(string? text)
    {
        // Fewer than two braces cannot make a mark, whatever lies between them.
        if (string.IsNullOrEmpty(text) || text.IndexOf('{', StringComparison.Ordinal) == text.LastIndexOf('{'))
        {
            return text ?? "";
        }
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            AppendEscaped(builder, c);
        }
        return builder.ToString();
    }

    // "labels" in any case, after an optional "$" or "." (Go templates), the label name up to the closing
    // braces; or "num" and digits. Whitespace inside the braces is what models add most often.
    [GeneratedRegex(@"\{\{\s*[$.]?\s*(?:(?i:labels)\.(?<label>[^\s{}]+)|(?i:num)(?<number>[0-9]{1,6}))\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex Mark();
}
