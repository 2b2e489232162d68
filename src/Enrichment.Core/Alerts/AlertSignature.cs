using System.Security.Cryptography;
using System.Text;
using Enrichment.Contracts;

namespace Enrichment.Core.Alerts;

/// <summary>
/// What an alert is, as opposed to where it fires: <c>alertname</c> plus its labels minus the
/// volatile ones, plus its summary and description with digits folded. A storm of one rule on a
/// thousand hosts has one signature, and so costs one classification.
/// </summary>
public sealed class AlertSignature
{
    public static readonly IReadOnlyList<string> DefaultIgnoredLabels =
        ["instance", "pod", "pod_name", "container", "container_id", "node", "host", "hostname", "ip", "endpoint", "uid", "id"];

    private readonly HashSet<string> _ignored;

    public AlertSignature(IEnumerable<string>? ignoredLabels = null)
    {
        _ignored = new HashSet<string>(ignoredLabels ?? DefaultIgnoredLabels, StringComparer.Ordinal);
    }

    /// <summary>A 32-hex-digit digest of the alert's signature text.</summary>
    public string Compute(AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = Describe(alert);
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>The canonical text that is hashed; exposed so that tests and docs can show it.</summary>
    public string Describe(AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var builder = new StringBuilder(256);
        foreach (var (name, value) in alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (_ignored.Contains(name))
            {
                continue;
            }
            builder.Append(name).Append('\u001f').Append(value).Append('\u001e');
        }
        builder.Append("summary\u001f");
        AppendFolded(builder, alert.Annotations.GetValueOrDefault("summary"));
        builder.Append("\u001edescription\u001f");
        AppendFolded(builder, alert.Annotations.GetValueOrDefault("description"));
        return builder.ToString();
    }

    /// <summary>Every run of digits becomes one <c>#</c>: "disk 91% full on sda1" ≈ "disk 93% full on sda2".</summary>
    public static string FoldDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        AppendFolded(builder, text);
        return builder.ToString();
    }

    private static void AppendFolded(StringBuilder builder, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        var inDigits = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (!inDigits)
                {
                    builder.Append('#');
                    inDigits = true;
                }
                continue;
            }
            inDigits = false;
            builder.Append(c);
        }
    }
}
