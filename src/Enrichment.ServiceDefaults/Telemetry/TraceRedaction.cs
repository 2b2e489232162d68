using System.Diagnostics;
using Enrichment.ServiceDefaults.Security;

namespace Enrichment.ServiceDefaults.Telemetry;

/// <summary>
/// Outgoing HTTP spans name their target by scheme and host only (<see cref="UrlRedaction"/>): the HttpClient
/// instrumentation would otherwise record the full URL, secrets and all, in <c>url.full</c>.
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
            activity.SetTag(UrlFullTag, UrlRedaction.Redact(uri));
        }
    }
}
