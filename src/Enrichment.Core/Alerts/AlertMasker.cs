using System.Globalization;
using System.Text;
using Enrichment.Contracts;

namespace Enrichment.Core.Alerts;

/// <summary>
/// Builds one alert's view (see <see cref="SignedAlert"/>): volatile label values become
/// <c>{{labels.NAME}}</c> in the labels and wherever they occur in annotation text, every number of
/// the annotations becomes <c>{{numN}}</c>, and everything else is kept, escaped so that it holds no
/// mark. One masker per alert: it numbers the numbers and collects the values.
/// </summary>
internal sealed class AlertMasker
{
    private readonly List<(string Name, string Value)> _volatile = [];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly StringBuilder _builder = new(256);
    private int _numbers;

    private AlertMasker()
    {
    }

    public static SignedAlertParts Mask(AlertData alert, IReadOnlySet<string> volatileLabels)
    {
        var masker = new AlertMasker();
        var labels = new Dictionary<string, string>(alert.Labels.Count, StringComparer.Ordinal);
        foreach (var (name, value) in alert.Labels)
        {
            if (volatileLabels.Contains(name))
            {
                labels[Placeholders.Escape(name)] = Placeholders.Label(name);
                masker._values[Placeholders.LabelPrefix + name] = value;
                if (!string.IsNullOrWhiteSpace(value))
                {
                    masker._volatile.Add((name, value));
                }
            }
            else
            {
                labels[Placeholders.Escape(name)] = Placeholders.Escape(value);
            }
        }
        // Longest value first, so that an instance "web-1:9100" is found whole before a host "web-1" is;
        // equal values (host and node alike) go to the first name in order, the same for every alert.
        masker._volatile.Sort((a, b) => a.Value.Length != b.Value.Length ? b.Value.Length.CompareTo(a.Value.Length) : string.CompareOrdinal(a.Name, b.Name));

        // Ordered by name, so that the numbers are numbered alike in every alert of a signature.
        var annotations = new Dictionary<string, string>(alert.Annotations.Count, StringComparer.Ordinal);
        foreach (var name in AlertSignature.SortedKeys(alert.Annotations))
        {
            annotations[Placeholders.Escape(name)] = masker.MaskText(alert.Annotations[name]);
        }

        var expression = GeneratorExpression.Of(alert.GeneratorUrl);
        var view = new AlertData
        {
            Fingerprint = "",
            Status = alert.Status,
            Labels = labels,
            Annotations = annotations,
            // The rule's expression is the same for all its alerts and kept as it is (thresholds help a
            // model); the rest of the URL (which Prometheus replica sent it) is not part of the signature.
            GeneratorUrl = expression is null ? null : GeneratorExpression.UrlFor(Placeholders.Escape(expression)),
        };
        return new SignedAlertParts(view, masker._values);
    }

    private string MaskText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = _builder.Clear();
        var i = 0;
        while (i < text.Length)
        {
            if (TryMatchVolatile(text, i, out var name, out var length))
            {
                builder.Append(Placeholders.Label(name));
                i += length;
            }
            else if (char.IsAsciiDigit(text[i]))
            {
                var end = NumberEnd(text, i);
                var ordinal = ++_numbers;
                _values[Placeholders.NumberPrefix + ordinal.ToString(CultureInfo.InvariantCulture)] = text[i..end];
                builder.Append(Placeholders.Number(ordinal));
                i = end;
            }
            else
            {
                Placeholders.AppendEscaped(builder, text[i]);
                i++;
            }
        }
        return builder.ToString();
    }

    /// <summary>A volatile value at <paramref name="start"/>, not cut out of a longer word ("web-1" is not in "web-10").</summary>
    private bool TryMatchVolatile(string text, int start, out string name, out int length)
    {
        foreach (var (candidate, value) in _volatile)
        {
            if (text.Length - start < value.Length
                || text[start] != value[0]
                || !text.AsSpan(start, value.Length).SequenceEqual(value)
                || (IsWordChar(value[0]) && start > 0 && IsWordChar(text[start - 1]))
                || (IsWordChar(value[^1]) && start + value.Length < text.Length && IsWordChar(text[start + value.Length])))
            {
                continue;
            }
            name = candidate;
            length = value.Length;
            return true;
        }
        name = "";
        length = 0;
        return false;
    }

    /// <summary>A number: digits, with ".", "," or ":" between digit runs ("93.5", "1,024", "10.0.0.7", "08:15").</summary>
    private static int NumberEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            else if (text[i] is '.' or ',' or ':' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

/// <summary>The masked view and the values of its marks.</summary>
internal readonly record struct SignedAlertParts(AlertData View, IReadOnlyDictionary<string, string> Values);
