namespace Enrichment.ServiceDefaults.Http;

/// <summary>
/// The <c>Content-Type</c> check of Alertmanager's API (go-openapi with Go's <c>mime.ParseMediaType</c>):
/// the media type must be <c>application/json</c> (any case, any parameters, the charset ignored); a missing
/// header counts as <c>application/octet-stream</c> and is refused with 415 like any other type; a header
/// that does not parse is a 400.
/// </summary>
public static class JsonContentType
{
    public enum Verdict
    {
        Json,
        Unsupported,
        Malformed,
    }

    private const string TokenSpecials = "()<>@,;:\\\"/[]?=";

    public static Verdict Check(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return Verdict.Unsupported;
        }
        var semicolon = header.IndexOf(';');
        var mediaType = (semicolon < 0 ? header : header[..semicolon]).Trim().ToLowerInvariant();
        if (!IsValidMediaType(mediaType) || !AreValidParameters(semicolon < 0 ? "" : header[semicolon..]))
        {
            return Verdict.Malformed;
        }
        return mediaType == "application/json" ? Verdict.Json : Verdict.Unsupported;
    }

    /// <summary><c>type/subtype</c>, or a bare token (Go takes that too; it is then simply not JSON).</summary>
    private static bool IsValidMediaType(string mediaType)
    {
        var type = Token(mediaType, 0);
        if (type == 0)
        {
            return false;
        }
        if (type == mediaType.Length)
        {
            return true;
        }
        if (mediaType[type] != '/')
        {
            return false;
        }
        var subtype = Token(mediaType, type + 1);
        return subtype > type + 1 && subtype == mediaType.Length;
    }

    /// <summary><c>; name=value</c> pairs (value a token or a quoted string); one trailing <c>;</c> is tolerated.</summary>
    private static bool AreValidParameters(string parameters)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (true)
        {
            i = SkipSpace(parameters, i);
            if (i == parameters.Length)
            {
                return true;
            }
            var start = i;
            if (parameters[i] != ';')
            {
                return false;
            }
            i = SkipSpace(parameters, i + 1);
            var nameEnd = Token(parameters, i);
            if (nameEnd == i)
            {
                return parameters[start..].Trim() == ";";
            }
            var name = parameters[i..nameEnd];
            i = SkipSpace(parameters, nameEnd);
            if (i == parameters.Length || parameters[i] != '=')
            {
                return false;
            }
            i = SkipSpace(parameters, i + 1);
            var valueEnd = i < parameters.Length && parameters[i] == '"' ? QuotedString(parameters, i) : Token(parameters, i);
            if (valueEnd <= i || !names.Add(name))
            {
                return false;
            }
            i = valueEnd;
        }
    }

    private static int Token(string s, int start)
    {
        var i = start;
        while (i < s.Length && s[i] > 0x20 && s[i] < 0x7f && !TokenSpecials.Contains(s[i]))
        {
            i++;
        }
        return i;
    }

    private static int QuotedString(string s, int start)
    {
        for (var i = start + 1; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == '"')
            {
                return i + 1;
            }
        }
        return start;
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        return i;
    }
}
