using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Enrichment.ServiceDefaults.Security;

/// <summary>
/// Checks a request's credentials against a configured token: <c>Authorization: Bearer TOKEN</c>,
/// or HTTP basic auth whose password is the token (what Alertmanager's <c>http_config.basic_auth</c>
/// sends). Comparison is constant-time over fixed-length digests, so neither the content nor the
/// length of the token leaks through timing.
/// </summary>
public sealed class TokenCheck
{
    private readonly byte[]? _expectedDigest;

    public TokenCheck(string? token)
    {
        _expectedDigest = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public bool IsConfigured => _expectedDigest is not null;

    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_expectedDigest is null)
        {
            return true;
        }
        var presented = PresentedSecret(request.Headers.Authorization.ToString());
        return presented is not null && Matches(presented);
    }

    /// <summary>Whether <paramref name="presented"/> is the configured token (false when none is configured), in constant time.</summary>
    public bool Matches(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (_expectedDigest is null)
        {
            return false;
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(digest, _expectedDigest);
    }

    /// <summary>
    /// A value that changes when the token does, and tells nothing about it: a console session records it, so that rotating
    /// the token ends every session signed in with the old one. Null when no token is configured.
    /// </summary>
    public string? Stamp => _expectedDigest is null
        ? null
        : Convert.ToHexString(SHA256.HashData([.. "enrichment-console-session\n"u8, .. _expectedDigest]))[..32];

    public static bool IsLoopback(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var remote = context.Connection.RemoteIpAddress;
        // No remote address means an in-process test server, which is as local as it gets.
        return remote is null || IPAddress.IsLoopback(remote);
    }

    private static string? PresentedSecret(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? decoded[(colon + 1)..] : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }
}
