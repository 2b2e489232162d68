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
        string status = "firing")
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
        };
    }

    public static KeyValuePair<string, string> L(string name, string value) => new(name, value);
}
