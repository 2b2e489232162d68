using System.Text.RegularExpressions;

namespace Enrichment.Llm.Prompting;

/// <summary>
/// Removes secrets from alert text before it leaves for the model. Replacements keep the shape
/// (<c>password=[REDACTED]</c>, <c>postgres://app:[REDACTED]@db</c>) so the model still sees what
/// kind of thing the alert is about. Order matters: URL credentials before e-mail addresses, key
/// material before the generic <c>key=value</c> rule.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "[REDACTED]";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private const RegexOptions Flags = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    /// <summary>The built-in rules, in the order they run (documented in docs/LLM.md).</summary>
    public static IReadOnlyList<(string Name, Regex Pattern, string Replacement)> BuiltIn { get; } =
    [
        ("private key", new Regex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)", Flags, MatchTimeout), "[REDACTED PRIVATE KEY]"),
        ("URL credentials", new Regex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^\s/@:]*(:[^\s/@]*)?@", Flags, MatchTimeout), "${scheme}" + Mask + "@"),
        ("JWT", new Regex(@"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*", Flags, MatchTimeout), Mask),
        ("bearer or basic credentials", new Regex(@"\b(?<scheme>[Bb]earer|[Bb]asic)\s+[A-Za-z0-9\-._~+/]{8,}=*", Flags, MatchTimeout), "${scheme} " + Mask),
        ("AWS access key id", new Regex(@"\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b", Flags, MatchTimeout), Mask),
        ("API key", new Regex(@"\b(sk|pk|rk)-[A-Za-z0-9_\-]{16,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[abprs]-[A-Za-z0-9\-]{10,}|\bAIza[0-9A-Za-z_\-]{30,}|\bglpat-[A-Za-z0-9_\-]{20,}", Flags, MatchTimeout), Mask),
        ("secret assignment", new Regex(@"(?<key>[\w.\-]*(password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential)[\w.\-]*)(?<sep>[""']?\s*[=:]\s*)(""[^""]*""|'[^']*'|[^\s;,&""'<>]+)", Flags | RegexOptions.IgnoreCase, MatchTimeout), "${key}${sep}" + Mask),
        ("e-mail address", new Regex(@"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b", Flags, MatchTimeout), "[REDACTED EMAIL]"),
    ];

    private readonly IReadOnlyList<Regex> _extra;
    private readonly bool _enabled;

    public Redactor(bool enabled, IEnumerable<string> extraPatterns)
    {
        _enabled = enabled;
        _extra = extraPatterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, MatchTimeout)).ToList();
    }

    public string Redact(string text)
    {
        if (!_enabled || string.IsNullOrEmpty(text))
        {
            return text;
        }
        var result = text;
        foreach (var (_, pattern, replacement) in BuiltIn)
        {
            result = Replace(pattern, result, replacement);
        }
        foreach (var pattern in _extra)
        {
            result = Replace(pattern, result, Mask);
        }
        return result;
    }

    private static string Replace(Regex pattern, string text, string replacement)
    {
        try
        {
            return pattern.Replace(text, replacement);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological value: send nothing of it rather than risk a secret.
            return Mask;
        }
    }
}
