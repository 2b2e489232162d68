using System.Buffers;
using System.Text.Json;

namespace Enrichment.LoadTest.Load;

/// <summary>
/// Realistic alerts: the rules of the alert corpus (real names, labels, annotations) each firing on
/// many hosts. Alert <c>i</c> is rule <c>i mod rules</c> on host <c>i / rules</c>; the hosts differ only in
/// volatile labels and in digits of the text, so every rule is one classification signature.
/// </summary>
public sealed class CorpusAlerts
{
    private readonly IReadOnlyList<CorpusRule> _rules;
    private readonly string _runId;

    private CorpusAlerts(IReadOnlyList<CorpusRule> rules, string runId)
    {
        _rules = rules;
        _runId = runId;
    }

    public int RuleCount => _rules.Count;

    /// <summary>The first <paramref name="rules"/> corpus rules; <paramref name="runId"/> keeps fingerprints unique across runs.</summary>
    public static CorpusAlerts Load(int rules, string runId)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "corpus", "awesome-prometheus-alerts.jsonl");
        var all = new List<CorpusRule>();
        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var alert = document.RootElement.GetProperty("alert");
            all.Add(new CorpusRule(
                alert.GetProperty("labels").EnumerateObject().Where(p => p.Name != "instance").Select(p => (p.Name, p.Value.GetString()!)).ToArray(),
                alert.GetProperty("annotations").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToArray()));
        }
        if (rules > all.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(rules), $"the corpus has {all.Count} rules");
        }
        return new CorpusAlerts(all.Take(rules).ToArray(), runId);
    }

    /// <summary>Alerts <paramref name="first"/>.. as an Alertmanager API v2 body (a JSON array of postable alerts).</summary>
    public byte[] PostableAlerts(int first, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 600);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var i = first; i < first + count; i++)
            {
                WriteAlert(json, i, webhook: false);
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Alerts <paramref name="first"/>.. as an Alertmanager webhook (version 4), as a notification of one group.</summary>
    public byte[] Webhook(int first, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 600 + 400);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "4");
            json.WriteString("groupKey", "{}:{}");
            json.WriteNumber("truncatedAlerts", 0);
            json.WriteString("status", "firing");
            json.WriteString("receiver", "enrichment");
            json.WriteStartObject("groupLabels");
            json.WriteEndObject();
            json.WriteStartObject("commonLabels");
            json.WriteEndObject();
            json.WriteStartObject("commonAnnotations");
            json.WriteEndObject();
            json.WriteString("externalURL", "http://alertmanager:9093");
            json.WriteStartArray("alerts");
            for (var i = first; i < first + count; i++)
            {
                WriteAlert(json, i, webhook: true);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteAlert(Utf8JsonWriter json, int index, bool webhook)
    {
        var rule = _rules[index % _rules.Count];
        var host = index / _rules.Count;
        var instance = $"{_runId}-host-{host}:9100";
        json.WriteStartObject();
        if (webhook)
        {
            json.WriteString("status", "firing");
        }
        json.WriteStartObject("labels");
        foreach (var (name, value) in rule.Labels)
        {
            json.WriteString(name, value);
        }
        json.WriteString("instance", instance);
        json.WriteEndObject();
        json.WriteStartObject("annotations");
        foreach (var (name, value) in rule.Annotations)
        {
            // The corpus' text names its example instance; each host's alert names its own (digits fold in the signature).
            json.WriteString(name, value.Replace("(instance ", $"(host {host}, instance ", StringComparison.Ordinal));
        }
        json.WriteEndObject();
        json.WriteString("startsAt", "2026-11-25T08:00:00Z");
        if (webhook)
        {
            json.WriteString("endsAt", "0001-01-01T00:00:00Z");
        }
        json.WriteString("generatorURL", "http://prometheus:9090/graph?g0.expr=up");
        json.WriteEndObject();
    }

    private sealed record CorpusRule((string Name, string Value)[] Labels, (string Name, string Value)[] Annotations);
}
