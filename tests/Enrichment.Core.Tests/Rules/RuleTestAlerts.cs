using Enrichment.Contracts;

namespace Enrichment.Core.Tests.Rules;

/// <summary>Builds alerts for the rule classifier's tests.</summary>
internal static class RuleTestAlerts
{
    public static AlertData Alert(
        string? alertName,
        string? severity = "warning",
        string? summary = null,
        string? description = null,
        IEnumerable<KeyValuePair<string, string>>? labels = null,
        IEnumerable<KeyValuePair<string, string>>? annotations = null,
        string status = "firing",
        string? expression = null)
    {
        var labelMap = new Dictionary<string, string>(StringComparer.Ordinal);
        if (alertName is not null)
        {
            labelMap["alertname"] = alertName;
        }
        if (severity is not null)
        {
            labelMap["severity"] = severity;
        }
        foreach (var (name, value) in labels ?? [])
        {
            labelMap[name] = value;
        }
        var annotationMap = new Dictionary<string, string>(StringComparer.Ordinal);
        if (summary is not null)
        {
            annotationMap["summary"] = summary;
        }
        if (description is not null)
        {
            annotationMap["description"] = description;
        }
        foreach (var (name, value) in annotations ?? [])
        {
            annotationMap[name] = value;
        }
        return new AlertData
        {
            Fingerprint = "0123456789abcdef",
            Status = status,
            Labels = labelMap,
            Annotations = annotationMap,
            GeneratorUrl = expression is null ? null : "http://prometheus:9090/graph?g0.expr=" + Uri.EscapeDataString(expression) + "&g0.tab=1",
        };
    }

    public static KeyValuePair<string, string> L(string name, string value) => new(name, value);
}
