using System.Collections.Frozen;

namespace Enrichment.Core.Rules;

/// <summary>
/// The metric names of a PromQL expression, in order of appearance, without functions, keywords, label
/// matchers, label lists (<c>by (…)</c>), strings, durations or numbers:
/// <c>sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / on(job) up</c> → <c>http_requests_total</c>, <c>up</c>.
/// Recording-rule names keep only their metric part: <c>namespace_cpu:kube_pod_container_resource_requests:sum</c>
/// → <c>kube_pod_container_resource_requests</c>. A lexer, not a parser: it never throws and reads any text.
/// </summary>
internal static class ExpressionMetrics
{
    /// <summary>More metrics than this say little more about what the alert is about.</summary>
    public const int MaxMetrics = 6;

    private static readonly FrozenSet<string> Keywords = FrozenSet.ToFrozenSet(
        [
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "start", "end",
            // Aggregations, which may stand before their "by (…)" rather than before their argument.
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Keywords followed by a parenthesised list of label names, not of expressions.</summary>
    private static readonly FrozenSet<string> LabelListKeywords = FrozenSet.ToFrozenSet(
        ["by", "without", "on", "ignoring", "group_left", "group_right"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes the metric names' ranges in <paramref name="expression"/> into <paramref name="metrics"/>; returns how many.</summary>
    public static int Find(ReadOnlySpan<char> expression, Span<Range> metrics)
    {
        var count = 0;
        var i = 0;
        while (i < expression.Length && count < metrics.Length)
        {
            var c = expression[i];
            switch (c)
            {
                case '"' or '\'' or '`':
                    i = SkipString(expression, i);
                    continue;
                case '{':
                    i = SkipTo(expression, i, '}');
                    continue;
                case '[':
                    i = SkipTo(expression, i, ']');
                    continue;
                case '#':
                    i = SkipTo(expression, i, '\n');
                    continue;
            }
            if (char.IsAsciiDigit(c) || c == '.')
            {
                // Numbers, durations (5m) and hex: never metric names.
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '.' or '_'))
                {
                    i++;
                }
                continue;
            }
            if (!IsIdentifierStart(c))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < expression.Length && IsIdentifierPart(expression[i]))
            {
                i++;
            }
            var identifier = expression[start..i];
            var next = SkipSpaces(expression, i);
            var followedByParenthesis = next < expression.Length && expression[next] == '(';
            if (IsKeyword(identifier, LabelListKeywords))
            {
                if (followedByParenthesis)
                {
                    i = SkipTo(expression, next, ')');
                }
                continue;
            }
            if (followedByParenthesis || IsKeyword(identifier, Keywords))
            {
                continue; // a function or an aggregation, or an operator word
            }
            var (offset, length) = MetricPart(identifier);
            var range = new Range(start + offset, start + offset + length);
            if (!Contains(expression, metrics[..count], range))
            {
                metrics[count++] = range;
            }
        }
        return count;
    }

    /// <summary><c>level:metric:operations</c> → <c>metric</c>; a plain name as it is.</summary>
    private static (int Offset, int Length) MetricPart(ReadOnlySpan<char> name)
    {
        var first = name.IndexOf(':');
        if (first < 0)
        {
            return (0, name.Length);
        }
        var last = name.LastIndexOf(':');
        var start = first + 1;
        var end = last > first ? last : name.Length;
        return end > start ? (start, end - start) : (0, first);
    }

    private static bool Contains(ReadOnlySpan<char> expression, ReadOnlySpan<Range> found, Range candidate)
    {
        foreach (var range in found)
        {
            if (expression[range].SequenceEqual(expression[candidate]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsKeyword(ReadOnlySpan<char> identifier, FrozenSet<string> keywords) =>
        identifier.Length <= 14 && keywords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(identifier);

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static int SkipSpaces(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>Past the closing <paramref name="close"/> of the construct that starts at <paramref name="open"/>, strings respected.</summary>
    private static int SkipTo(ReadOnlySpan<char> text, int open, char close)
    {
        var i = open + 1;
        while (i < text.Length && text[i] != close)
        {
            i = text[i] is '"' or '\'' or '`' ? SkipString(text, i) : i + 1;
        }
        return Math.Min(i + 1, text.Length);
    }

    private static int SkipString(ReadOnlySpan<char> text, int open)
    {
        var quote = text[open];
        var i = open + 1;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }
        return Math.Min(i + 1, text.Length);
    }
}
