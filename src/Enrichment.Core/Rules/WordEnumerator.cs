namespace Enrichment.Core.Rules;

/// <summary>
/// Allocation-free word splitting for alert names, label values and annotation text.
/// <para>
/// Words are maximal runs of letters and digits. In CamelCase mode a word is further split where
/// a lower-case letter meets an upper-case one (<c>ReplicationLag</c> → <c>Replication</c>,
/// <c>Lag</c>), where an acronym ends (<c>PGBouncer</c> → <c>PG</c>, <c>Bouncer</c>), and between
/// letters and digits (<c>CephOSDDown10</c> → …, <c>OSD</c>, <c>Down</c>, <c>10</c>), except that
/// digits keep a lower-case suffix (<c>HTTP5xx</c> → <c>HTTP</c>, <c>5xx</c>). Go/Jinja template
/// expressions (<c>{{ $labels.instance }}</c>) are skipped: they are not evidence.
/// </para>
/// </summary>
internal ref struct WordEnumerator
{
    private readonly ReadOnlySpan<char> _text;
    private readonly bool _camelCase;
    private int _position;
    private bool _hasPrevious;

    public WordEnumerator(ReadOnlySpan<char> text, bool camelCase)
    {
        _text = text;
        _camelCase = camelCase;
        _position = 0;
        _hasPrevious = false;
        Adjacent = false;
        Start = 0;
        Length = 0;
    }

    /// <summary>Start of the current word in the text.</summary>
    public int Start { get; private set; }

    public int Length { get; private set; }

    /// <summary>True when this word follows the previous one directly or across a single separator (so the two may form a compound).</summary>
    public bool Adjacent { get; private set; }

    public readonly ReadOnlySpan<char> Current => _text.Slice(Start, Length);

    public bool MoveNext()
    {
        var text = _text;
        var i = _position;
        var previousEnd = Start + Length;

        // Skip separators and template expressions.
        var skippedTemplate = false;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            if (text[i] == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text[(i + 2)..].IndexOf("}}", StringComparison.Ordinal);
                i = close < 0 ? text.Length : i + 2 + close + 2;
                skippedTemplate = true;
                continue;
            }
            i++;
        }
        if (i >= text.Length)
        {
            _position = text.Length;
            Length = 0;
            return false;
        }

        var start = i;
        i++;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            if (_camelCase && IsBoundary(text, i))
            {
                break;
            }
            i++;
        }

        // Adjacent: no template in between and at most one separator character (space, dash, dot…).
        Adjacent = _hasPrevious && !skippedTemplate && start - previousEnd <= 1;
        _hasPrevious = true;
        Start = start;
        Length = i - start;
        _position = i;
        return true;
    }

    private static bool IsBoundary(ReadOnlySpan<char> text, int i)
    {
        var previous = text[i - 1];
        var current = text[i];
        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return true;
        }
        if (char.IsUpper(previous) && char.IsUpper(current) && i + 1 < text.Length && char.IsLower(text[i + 1]))
        {
            // End of an acronym: "PGBouncer" splits before the 'B' of "Bouncer".
            return true;
        }
        if (char.IsLetter(previous) && char.IsDigit(current))
        {
            return true;
        }
        if (char.IsDigit(previous) && char.IsUpper(current))
        {
            return true;
        }
        return false;
    }

    /// <summary>Whether the word has an internal case change worth a CamelCase split.</summary>
    public static bool HasInnerCaseChange(ReadOnlySpan<char> word)
    {
        for (var i = 1; i < word.Length; i++)
        {
            if (IsBoundary(word, i))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether every letter of the word is upper case (an acronym run such as <c>IPMISEL</c>).</summary>
    public static bool IsUpperRun(ReadOnlySpan<char> word)
    {
        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                if (!char.IsUpper(c))
                {
                    return false;
                }
                letters++;
            }
        }
        return letters > 0;
    }

    /// <summary>Lower-cases ASCII-insensitively into <paramref name="destination"/>; returns the written length, 0 when it does not fit.</summary>
    public static int ToLower(ReadOnlySpan<char> word, Span<char> destination)
    {
        if (word.Length > destination.Length)
        {
            return 0;
        }
        return word.ToLowerInvariant(destination);
    }
}
