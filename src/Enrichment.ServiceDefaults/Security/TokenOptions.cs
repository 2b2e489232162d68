namespace Enrichment.ServiceDefaults.Security;

/// <summary>
/// A bearer token from a variable (<c>GATEWAY_AUTH_TOKEN</c>) or from a file
/// (<c>GATEWAY_AUTH_TOKEN_FILE</c>, e.g. a mounted Kubernetes secret).
/// </summary>
public sealed class TokenOptions
{
    public const string GatewaySection = "Gateway";
    public const string AdminSection = "Admin";

    /// <summary><c>FEEDBACK_AUTH_TOKEN</c>: a token that may post corrections and nothing else.</summary>
    public const string FeedbackSection = "Feedback";

    public string? AuthToken { get; set; }

    public string? AuthTokenFile { get; set; }

    /// <summary>The token, or null when none is configured. A file's trailing newline is not part of it.</summary>
    public string? Resolve()
    {
        if (!string.IsNullOrEmpty(AuthToken))
        {
            return AuthToken;
        }
        return string.IsNullOrEmpty(AuthTokenFile) ? null : File.ReadAllText(AuthTokenFile).TrimEnd('\r', '\n');
    }
}
