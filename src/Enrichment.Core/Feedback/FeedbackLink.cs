using System.Text.RegularExpressions;

namespace Enrichment.Core.Feedback;

/// <summary>
/// How a person reading an alert corrects its verdict, until the console exists: a <c>curl</c> to
/// <c>POST /api/v1/feedback</c> for the alert's fingerprint, to edit and run. It carries no token (the reader's
/// <c>$FEEDBACK_TOKEN</c>), and its severity is a placeholder the gateway refuses until someone picks one.
/// <para>
/// Alert text is untrusted and people paste this into a shell: only a fingerprint of letters, digits and
/// <c>. _ : -</c> is written into it (Alertmanager's are 16 hex digits); for any other there is no command. The
/// gateway's URL (<c>FEEDBACK_URL</c>) is checked at start to hold no shell metacharacter.
/// </para>
/// </summary>
public sealed partial class FeedbackLink(string? gatewayUrl)
{
    /// <summary>Where the command posts when <c>FEEDBACK_URL</c> is unset: the reader's shell fills it in.</summary>
    public const string UrlVariable = "$ENRICHMENT_URL";

    private readonly string _url = string.IsNullOrWhiteSpace(gatewayUrl) ? UrlVariable : gatewayUrl.TrimEnd('/');

    /// <summary>The command for one alert, or null when its fingerprint could not be written into a shell command safely.</summary>
    public string? CommandFor(string fingerprint) =>
        fingerprint is not null && SafeFingerprint().IsMatch(fingerprint)
            ? $"curl -X POST \"{_url}/api/v1/feedback\" -H \"Authorization: Bearer $FEEDBACK_TOKEN\" -H 'Content-Type: application/json' "
              + $"-d '{{\"fingerprint\":\"{fingerprint}\",\"severity\":\"critical|warning|info|noise\",\"note\":\"why\"}}'"
            : null;

    /// <summary>Whether a <c>FEEDBACK_URL</c> can go into the command: http(s), host, port and a plain path only.</summary>
    public static bool IsSafeUrl(string url) => url is not null && SafeUrl().IsMatch(url);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeFingerprint();

    [GeneratedRegex(@"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeUrl();
}
