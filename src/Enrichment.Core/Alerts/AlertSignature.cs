using System.Security.Cryptography;
using System.Text;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Alerts;

/// <summary>
/// What an alert is, as opposed to where it fires: its labels with the volatile ones' values left
/// out, its annotations with those values and every number left out, and its rule's expression. A
/// storm of one rule on a thousand hosts has one signature, and so costs one classification.
/// <para>
/// The signature is the hash of the alert's <em>view</em> (<see cref="SignedAlert.View"/>), the only
/// form of the alert a classifier gets: what the signature leaves out is a mark in the view
/// (<see cref="Placeholders"/>), never another alert's value. So an answer made for one alert of a
/// signature was made from exactly what every other alert of it shows, and rendering its marks with
/// each alert's own values makes it right for each.
/// </para>
/// </summary>
public sealed class AlertSignature
{
    public static readonly IReadOnlyList<string> DefaultIgnoredLabels =
        ["instance", "pod", "pod_name", "container", "container_id", "node", "host", "hostname", "ip", "endpoint", "uid", "id"];

    /// <summary>
    /// Never volatile: the rule's name, and the labels that state a severity (<see cref="StatedSeverity"/>), which
    /// <c>LLM_PROTECT_CRITICAL</c> reads: alerts labelled critical and warning must not share one answer.
    /// </summary>
    public static readonly IReadOnlyList<string> NeverIgnoredLabels = ["alertname", .. StatedSeverity.LabelNames];

    /// <summary>Bumped whenever the view or its text changes, so that no old signature matches a new one.</summary>
    private const string Version = "sig2";

    // Separators of the hashed text. Names and values are escaped (see Escape), so that no two different
    // views have the same text: a value holding a separator cannot pose as the end of one label and another.
    private const char Escape = '\\';
    private const char UnitSeparator = '\u001f';
    private const char RecordSeparator = '\u001e';
    private const char GroupSeparator = '\u001d';

    private readonly HashSet<string> _ignored;

    public AlertSignature(IEnumerable<string>? ignoredLabels = null)
    {
        _ignored = new HashSet<string>(ignoredLabels ?? DefaultIgnoredLabels, StringComparer.Ordinal);
        if (NeverIgnoredLabels.FirstOrDefault(_ignored.Contains) is { } kept)
        {
            throw new ArgumentException($"LLM_CACHE_IGNORE_LABELS cannot leave '{kept}' out of the signature.", nameof(ignoredLabels));
        }
    }

    /// <summary>A 32-hex-digit digest of the alert's view.</summary>
    public string Compute(AlertData alert) => Read(alert).Signature;

    /// <summary>The alert's signature, its view (what a classifier may see) and its own values of the view's marks.</summary>
    public SignedAlert Read(AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var (view, values) = AlertMasker.Mask(alert, _ignored);
        var bytes = Encoding.UTF8.GetBytes(Text(view));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        var signature = Convert.ToHexStringLower(hash[..16]);
        // The view's identity is its signature: nothing in it tells one alert of the signature from another.
        return new SignedAlert(signature, view with { Fingerprint = signature }, values);
    }

    /// <summary>The canonical text that is hashed; exposed so that tests and docs can show it.</summary>
    public string Describe(AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Text(AlertMasker.Mask(alert, _ignored).View);
    }

    /// <summary><c>sig2</c>, then the labels, the annotations and the expression, each group after a group separator.</summary>
    private static string Text(AlertData view)
    {
        var builder = new StringBuilder(256);
        builder.Append(Version);
        AppendGroup(builder, view.Labels);
        AppendGroup(builder, view.Annotations);
        builder.Append(GroupSeparator);
        AppendEscaped(builder, GeneratorExpression.Of(view.GeneratorUrl));
        return builder.ToString();
    }

    private static void AppendGroup(StringBuilder builder, IReadOnlyDictionary<string, string> entries)
    {
        builder.Append(GroupSeparator);
        foreach (var name in SortedKeys(entries))
        {
            AppendEscaped(builder, name);
            builder.Append(UnitSeparator);
            AppendEscaped(builder, entries[name]);
            builder.Append(RecordSeparator);
        }
    }

    /// <summary>The keys in ordinal order: the signature must not depend on the order labels arrived in.</summary>
    internal static string[] SortedKeys(IReadOnlyDictionary<string, string> entries)
    {
        var keys = new string[entries.Count];
        var i = 0;
        foreach (var key in entries.Keys)
        {
            keys[i++] = key;
        }
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Each separator and the escape character itself written as the escape character and a letter: decodable, so injective.</summary>
    private static void AppendEscaped(StringBuilder builder, string? text)
    {
        foreach (var c in text ?? "")
        {
            switch (c)
            {
                case Escape:
                    builder.Append(Escape).Append(Escape);
                    break;
                case UnitSeparator:
                    builder.Append(Escape).Append('u');
                    break;
                case RecordSeparator:
                    builder.Append(Escape).Append('r');
                    break;
                case GroupSeparator:
                    builder.Append(Escape).Append('g');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
