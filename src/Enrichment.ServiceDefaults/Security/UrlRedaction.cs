using System.Globalization;

namespace Enrichment.ServiceDefaults.Security;

/// <summary>
/// How a URL is shown in logs, errors and spans: scheme and host only. Webhook URLs carry secrets in their path
/// (Slack's incoming webhooks are nothing but a secret path), some model APIs take keys in the query string, and
/// credentials can sit in the user info (<c>http://user:pass@host</c>).
/// </summary>
public static class UrlRedaction
{
    /// <summary>What is shown for a URL that cannot be read as an absolute one.</summary>
    public const string Unparseable = "(unparseable)";

    /// <summary><c>https://hooks.slack.com/services/T/B/secret?x=1</c> → <c>https://hooks.slack.com/…</c>.</summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return Unparseable;
        }
        // Host and port, never the user info.
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{uri.Host}{port}/…";
    }

    public static string Redact(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Redact(uri) : Unparseable;
}
