using System.Text;

namespace Enrichment.Core.Alertmanager;

/// <summary>
/// Whether Alertmanager takes a <c>generatorURL</c>: its OpenAPI spec gives the field the <c>uri</c>
/// format, which go-openapi checks with Go's <c>url.ParseRequestURI</c>. That accepts an absolute URI
/// (<c>http://prometheus:9090/graph?g0.expr=up</c>, <c>mailto:x@y</c>) or an absolute path
/// (<c>/graph?g0.expr=up</c>) and refuses a relative reference (<c>graph</c>), control characters,
/// a bad port, a malformed <c>%</c> escape outside the query, and characters a host cannot hold.
/// Re-implemented rule for rule over the UTF-8 bytes, as Go sees the string, so that both answer alike.
/// </summary>
public static class GoRequestUri
{
    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReadOnlySpan<byte> s = Encoding.UTF8.GetBytes(value);
        foreach (var b in s)
        {
            if (b < 0x20 || b == 0x7f)
            {
                return false;
            }
        }
        if (s.IsEmpty)
        {
            return false;
        }
        if (s is [(byte)'*'])
        {
            return true;
        }
        if (!TrySplitScheme(s, out var hasScheme, out var rest))
        {
            return false;
        }
        // The query is not checked at all; a '#' is not split off (a request URI has no fragment).
        var question = rest.IndexOf((byte)'?');
        if (question >= 0)
        {
            rest = rest[..question];
        }
        if (rest.IsEmpty || rest[0] != '/')
        {
            // With a scheme, a rootless rest is an opaque URI (mailto:x@y); without one it is a relative reference.
            return hasScheme;
        }
        if (hasScheme && rest.StartsWith("//"u8))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf((byte)'/');
            rest = slash >= 0 ? authority[slash..] : [];
            if (!IsValidAuthority(slash >= 0 ? authority[..slash] : authority))
            {
                return false;
            }
        }
        return IsValidEscaping(rest, Mode.Path);
    }

    private enum Mode
    {
        Path,
        UserInfo,
        Host,
        Zone,
    }

    /// <summary>Go's <c>getScheme</c>: letters, then letters, digits, <c>+-.</c>, up to a colon.</summary>
    private static bool TrySplitScheme(ReadOnlySpan<byte> s, out bool hasScheme, out ReadOnlySpan<byte> rest)
    {
        hasScheme = false;
        rest = s;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (IsAsciiLetter(c))
            {
                continue;
            }
            if (IsAsciiDigit(c) || c is (byte)'+' or (byte)'-' or (byte)'.')
            {
                if (i == 0)
                {
                    return true;
                }
                continue;
            }
            if (c == ':')
            {
                if (i == 0)
                {
                    return false; // "missing protocol scheme"
                }
                hasScheme = true;
                rest = s[(i + 1)..];
            }
            return true;
        }
        return true;
    }

    private static bool IsValidAuthority(ReadOnlySpan<byte> authority)
    {
        var at = authority.LastIndexOf((byte)'@');
        if (!IsValidHost(at < 0 ? authority : authority[(at + 1)..]))
        {
            return false;
        }
        if (at < 0)
        {
            return true;
        }
        var userInfo = authority[..at];
        foreach (var rune in Encoding.UTF8.GetString(userInfo).EnumerateRunes())
        {
            if (rune.Value >= 0x80 || !(IsAsciiLetter((byte)rune.Value) || IsAsciiDigit((byte)rune.Value) || "-._:~!$&'()*+,;=%@".Contains((char)rune.Value)))
            {
                return false;
            }
        }
        return IsValidEscaping(userInfo, Mode.UserInfo);
    }

    private static bool IsValidHost(ReadOnlySpan<byte> host)
    {
        if (!host.IsEmpty && host[0] == '[')
        {
            var close = host.LastIndexOf((byte)']');
            if (close < 0 || !IsValidOptionalPort(host[(close + 1)..]))
            {
                return false;
            }
            var zone = host[..close].IndexOf("%25"u8);
            if (zone >= 0)
            {
                return IsValidEscaping(host[..zone], Mode.Host) && IsValidEscaping(host[zone..close], Mode.Zone)
                    && IsValidEscaping(host[close..], Mode.Host);
            }
        }
        else
        {
            var colon = host.LastIndexOf((byte)':');
            if (colon >= 0 && !IsValidOptionalPort(host[colon..]))
            {
                return false;
            }
        }
        return IsValidEscaping(host, Mode.Host);
    }

    private static bool IsValidOptionalPort(ReadOnlySpan<byte> port)
    {
        if (port.IsEmpty)
        {
            return true;
        }
        if (port[0] != ':')
        {
            return false;
        }
        foreach (var b in port[1..])
        {
            if (!IsAsciiDigit(b))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Go's <c>unescape</c>, for its errors only: well-formed <c>%XX</c>, and what a host may hold.</summary>
    private static bool IsValidEscaping(ReadOnlySpan<byte> s, Mode mode)
    {
        var hostLike = mode is Mode.Host or Mode.Zone;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]))
                {
                    return false;
                }
                var isPercent25 = s[i + 1] == '2' && s[i + 2] == '5';
                if (mode == Mode.Host && Unhex(s[i + 1]) < 8 && !isPercent25)
                {
                    return false;
                }
                if (mode == Mode.Zone)
                {
                    var decoded = (byte)((Unhex(s[i + 1]) << 4) | Unhex(s[i + 2]));
                    if (!isPercent25 && decoded != ' ' && HostMustEscape(decoded))
                    {
                        return false;
                    }
                }
                i += 3;
                continue;
            }
            if (hostLike && c < 0x80 && HostMustEscape(c))
            {
                return false;
            }
            i++;
        }
        return true;
    }

    /// <summary>Go's <c>shouldEscape(c, encodeHost)</c>.</summary>
    private static bool HostMustEscape(byte c) =>
        !(IsAsciiLetter(c) || IsAsciiDigit(c) || "!$&'()*+,;=:[]<>\"-_.~".Contains((char)c));

    private static bool IsAsciiLetter(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static bool IsAsciiDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte c) => IsAsciiDigit(c) || c is >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Unhex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };
}
