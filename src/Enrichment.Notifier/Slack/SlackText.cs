using System.Text;

namespace Enrichment.Notifier.Slack;

/// <summary>Slack's <c>mrkdwn</c> escaping and length-safe truncation.</summary>
public static class SlackText
{
    /// <summary>Slack's three control characters, and only those, become entities (its "Formatting" guide).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="max"/> characters, ending in "…" when cut,
    /// never inside a surrogate pair or an escape entity (a half entity would show as garbage).
    /// </summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }
        var cut = max - 1;
        if (char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }
        var amp = text.LastIndexOf('&', cut - 1, Math.Min(cut, 5));
        if (amp >= 0 && text.IndexOf(';', amp) is var semi && (semi < 0 || semi >= cut))
        {
            cut = amp;
        }
        return new StringBuilder(text, 0, cut, max).Append('…').ToString();
    }

    /// <summary>A link in mrkdwn, or null for anything but an absolute http(s) URL.</summary>
    public static string? Link(string? url, string label)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }
        // '|' separates URL and label in Slack's link syntax; escaped as in any URL.
        var target = Escape(url!.Replace("|", "%7C", StringComparison.Ordinal));
        return $"<{target}|{Escape(label)}>";
    }
}
