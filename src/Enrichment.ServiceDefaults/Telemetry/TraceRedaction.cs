using System.Diagnostics;

namespace Enrichment.ServiceDefaults.Telemetry;

/// <summary>
/// Outgoing HTTP spans name their target by scheme and host only. Webhook URLs carry secrets in their
/// path (Slack's incoming webhooks are nothing but a secret path) and some model APIs take keys in the
/// query string; the HttpClient instrumentation would otherwise record the full URL in <c>url.full</c>.
/// </summary>
public static class TraceRedaction
{
    public const string UrlFullTag = "url.full";

    public static void RedactRequestUrl(Activity activity, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            activity.SetTag(UrlFullTag, Redact(uri));
        }
    }

    /// <summary><c>https://hooks.slack.com/services/T/B/secret?x=1</c> → <c>https://hooks.slack.com/…</c>.</summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        // Authority without user info: credentials in a URL (http://user:pass@host) must not leak either.
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{uri.Host}{port}/…";
    }
}
