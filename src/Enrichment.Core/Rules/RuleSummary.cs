using System.Text;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Rules;

/// <summary>The one-line summary of a rule verdict: the alert's own summary, else what fires where.</summary>
internal static class RuleSummary
{
    private const int MaxLength = 300;

    /// <summary>Labels that name what the alert fires on, most specific first.</summary>
    private static readonly string[] SubjectLabels = ["instance", "pod", "node", "host", "hostname", "service", "deployment", "statefulset", "daemonset", "device", "mountpoint", "topic", "queue", "database", "datname"];

    public static string For(AlertData alert, string? alertName, string? summaryText)
    {
        if (summaryText is not null)
        {
            return OneLine(summaryText);
        }
        var builder = new StringBuilder(96);
        builder.Append(alertName ?? "Unnamed alert");
        builder.Append(string.Equals(alert.Status, AlertStatus.Resolved, StringComparison.OrdinalIgnoreCase) ? " resolved" : " firing");
        foreach (var name in SubjectLabels)
        {
            if (alert.Labels.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                builder.Append(" on ").Append(name).Append(' ').Append(value.Trim());
                break;
            }
        }
        if (alert.Labels.TryGetValue("namespace", out var ns) && !string.IsNullOrWhiteSpace(ns))
        {
            builder.Append(" in namespace ").Append(ns.Trim());
        }
        if (alert.Labels.TryGetValue("job", out var job) && !string.IsNullOrWhiteSpace(job))
        {
            builder.Append(" (job ").Append(job.Trim()).Append(')');
        }
        return OneLine(builder.ToString());
    }

    /// <summary>Whitespace runs folded to one space, cut at <see cref="MaxLength"/> characters with an ellipsis.</summary>
    private static string OneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        var pendingSpace = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }
            pendingSpace = false;
            builder.Append(c);
            if (builder.Length >= MaxLength)
            {
                builder.Length = MaxLength - 1;
                builder.Append('…');
                break;
            }
        }
        return builder.ToString();
    }
}
