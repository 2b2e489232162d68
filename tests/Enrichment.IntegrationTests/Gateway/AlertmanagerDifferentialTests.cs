using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Core.Alertmanager;
using Enrichment.IntegrationTests.Gateway.Differential;
using Enrichment.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Enrichment.IntegrationTests.Gateway;

/// <summary>
/// The gateway side by side with the real Alertmanager 0.25: a few hundred generated payloads
/// (<see cref="DifferentialCorpus"/>) go to both <c>POST /api/v2/alerts</c>. Their answers must agree (2xx
/// vs 4xx), except the documented deviations the generator marks, each of which must really be one (the
/// gateway refuses, Alertmanager takes it). Every alert the gateway accepts goes through a real pipeline
/// (gateway, worker and webhook notifier in one host process on real RabbitMQ, a webhook sink) and must come
/// out exactly once, with the labels, annotations, fingerprint, <c>generatorURL</c> and <c>startsAt</c>/<c>endsAt</c>
/// that Alertmanager's own <c>GET /api/v2/alerts</c> shows for it; and the gateway delivers an alert exactly
/// when Alertmanager, given that alert alone, stores it. The figures are printed for the issue note.
/// </summary>
public class AlertmanagerDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20261125;
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromMinutes(5);

    private const string AlertmanagerConfig = """
        route:
          receiver: blackhole
        receivers:
          - name: blackhole
        """;

    private sealed record Exchange(int? Status, string Body, DateTimeOffset Before, DateTimeOffset After)
    {
        public bool Is2xx => Status is >= 200 and < 300;

        public bool Is4xx => Status is >= 400 and < 500;

        public string Class => Status is null ? "no answer" : $"{Status / 100}xx";
    }

    private sealed record Outcome(CorpusPayload Payload, Exchange Gateway, Exchange Alertmanager)
    {
        /// <summary>The gateway read the array and judged its alerts one by one (2xx, or 400 naming the refused ones).</summary>
        public bool JudgedPerAlert => Gateway.Is2xx || (Gateway.Status == 400 && NamesRefusedAlerts(Gateway.Body));

        private static bool NamesRefusedAlerts(string problem)
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.TryGetProperty("accepted", out _) && document.RootElement.TryGetProperty("errors", out _);
        }
    }

    [Fact]
    public async Task Answers_and_delivers_every_generated_payload_as_Alertmanager_does()
    {
        var run = "dt" + Guid.NewGuid().ToString("N")[..8];
        await using var alertmanager = await MonitoringProcess.StartAlertmanagerAsync(AlertmanagerConfig);
        await using var sink = await WebhookSink.StartAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("differential"),
            ["NOTIFIER_WEBHOOK_URLS"] = sink.Url.ToString(),
            ["NOTIFIER_CONSOLE"] = "false",
        });
        var corpus = DifferentialCorpus.Generate(run, Seed, DateTimeOffset.UtcNow);
        var failures = new List<string>();

        var outcomes = new List<Outcome>();
        foreach (var payload in corpus)
        {
            var gateway = await PostAsync(host.Http, payload.Body, payload.ContentType, payload.ContentEncoding);
            var reference = await PostAsync(alertmanager.Http, payload.Body, payload.ContentType, payload.ContentEncoding);
            outcomes.Add(new Outcome(payload, gateway, reference));
        }
        var exceptions = CompareAnswers(outcomes, failures);

        // Everything the gateway published (its own count), then a marker: all of it must reach the sink.
        var published = PrometheusExposition.Sample(await host.Http.GetStringAsync("/metrics"), "enrichment_alerts_received_total{route=\"api_v2\"}");
        var marker = await PostAsync(host.Http, Encoding.UTF8.GetBytes("[{\"labels\":{\"dt_marker\":\"" + run + "\"}}]"), "application/json", null);
        Assert.Equal(200, marker.Status);
        await WaitForAsync(() => sink.Events.Count >= published + 1 && sink.Events.Any(e => Labels(e.GetProperty("alert")).ContainsKey("dt_marker")), TimeSpan.FromSeconds(60));
        var delivered = sink.Events.Select(e => e.GetProperty("alert")).Where(a => !Labels(a).ContainsKey("dt_marker")).ToList();
        Assert.True(delivered.Count == (int)published, $"the gateway published {published} alerts, the sink got {delivered.Count}");
        var byCase = delivered.GroupBy(a => Labels(a).GetValueOrDefault("dt_case") ?? "(none)").ToDictionary(g => g.Key, g => g.ToList());

        var listed = await ListAsync(alertmanager.Http, run);
        var figures = await CompareAlertsAsync(outcomes, byCase, listed, alertmanager.Http, run, failures);

        Report(outcomes, exceptions, figures, published);
        Assert.True(failures.Count == 0, $"{failures.Count} disagreements with Alertmanager:\n{string.Join('\n', failures.Take(40))}");
    }

    /// <summary>Answer classes must agree; a marked deviation must really be one. Returns the deviations seen, by reason.</summary>
    private static Dictionary<string, int> CompareAnswers(List<Outcome> outcomes, List<string> failures)
    {
        var exceptions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (payload, gateway, reference) in outcomes)
        {
            var where = $"#{payload.Number} {payload.Kind}: {payload.Name}";
            if (!gateway.Is2xx && !gateway.Is4xx)
            {
                failures.Add($"{where}: the gateway answered {gateway.Class} {gateway.Body}");
                continue;
            }
            var (deviation, reason) = payload.Expected;
            var shown = deviation switch
            {
                Deviation.None => gateway.Class == reference.Class,
                Deviation.AlertmanagerNoAnswer => gateway.Is4xx && reference.Status is null,
                _ => gateway.Is4xx && reference.Is2xx,
            };
            if (!shown)
            {
                failures.Add($"{where}: gateway {gateway.Status} {Cut(gateway.Body)}, Alertmanager {reference.Class} {Cut(reference.Body)} (expected {(deviation == Deviation.None ? "the same class" : deviation + ": " + reason)})");
            }
            else if (deviation != Deviation.None)
            {
                var key = $"{deviation}: {reason}";
                exceptions[key] = exceptions.GetValueOrDefault(key) + 1;
            }
        }
        return exceptions;
    }

    private sealed class AlertFigures
    {
        public int ComparedWithList;
        public int ComparedWithProbe;
        public int KeptFromRefusedRequests;
        public int RefusedByBoth;
        public int OnlyAlertmanager;
        public int NotReadByGateway;
    }

    private static async Task<AlertFigures> CompareAlertsAsync(List<Outcome> outcomes, Dictionary<string, List<JsonElement>> byCase,
        Dictionary<string, JsonElement> listed, HttpClient alertmanager, string run, List<string> failures)
    {
        var figures = new AlertFigures();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var probes = new List<(Outcome Outcome, CorpusAlert Alert, Exchange Answer)>();
        foreach (var outcome in outcomes)
        {
            foreach (var alert in outcome.Payload.Alerts.Where(a => a.CaseId is not null))
            {
                var id = alert.CaseId!;
                known.Add(id);
                var count = byCase.GetValueOrDefault(id)?.Count ?? 0;
                var where = $"#{outcome.Payload.Number} {outcome.Payload.Name}, alert {id}";
                var deviates = alert.Deviation != Deviation.None || outcome.Payload.Deviation != Deviation.None;
                if (deviates)
                {
                    figures.OnlyAlertmanager++;
                    Check(count == 0, $"{where}: deviating alert delivered {count} times", failures);
                    Check(listed.ContainsKey(id), $"{where}: Alertmanager does not list the deviating alert it took", failures);
                    continue;
                }
                if (!outcome.JudgedPerAlert)
                {
                    figures.NotReadByGateway++;
                    Check(count == 0, $"{where}: delivered from a request the gateway refused whole", failures);
                    Check(!listed.ContainsKey(id), $"{where}: Alertmanager stored an alert of a request the gateway refused whole", failures);
                    continue;
                }
                if (listed.ContainsKey(id))
                {
                    continue;
                }
                // Alertmanager's verdict on the alert alone; a resolved one it then takes is posted once more without its
                // times, because its alert list shows only alerts that have not ended.
                var verdict = await PostAsync(alertmanager, Encoding.UTF8.GetBytes("[" + alert.Text + "]"), "application/json", null);
                if (verdict.Is2xx && alert.ProbeText != alert.Text)
                {
                    await PostAsync(alertmanager, Encoding.UTF8.GetBytes("[" + alert.ProbeText + "]"), "application/json", null);
                }
                probes.Add((outcome, alert, verdict));
            }
        }
        var probed = probes.Count > 0 ? await ListAsync(alertmanager, run) : [];

        foreach (var outcome in outcomes.Where(o => o.JudgedPerAlert))
        {
            foreach (var alert in outcome.Payload.Alerts.Where(a => a.CaseId is not null && a.Deviation == Deviation.None && outcome.Payload.Deviation == Deviation.None))
            {
                var id = alert.CaseId!;
                var where = $"#{outcome.Payload.Number} {outcome.Payload.Name}, alert {id}";
                var events = byCase.GetValueOrDefault(id) ?? [];
                if (listed.TryGetValue(id, out var shown))
                {
                    figures.ComparedWithList++;
                    if (Check(events.Count == 1, $"{where}: Alertmanager stored it, the gateway delivered it {events.Count} times", failures))
                    {
                        CompareAlert(where, alert, events[0], shown, outcome.Gateway, outcome.Alertmanager, timesShown: true, failures);
                    }
                    continue;
                }
                var probe = probes.Single(p => p.Alert.CaseId == id).Answer;
                if (!probe.Is2xx)
                {
                    figures.RefusedByBoth++;
                    Check(events.Count == 0, $"{where}: Alertmanager refuses it ({probe.Status} {Cut(probe.Body)}), the gateway delivered it {events.Count} times", failures);
                    continue;
                }
                var resolved = alert.ProbeText != alert.Text;
                if (resolved)
                {
                    figures.ComparedWithProbe++;
                }
                else
                {
                    figures.KeptFromRefusedRequests++;
                }
                if (Check(events.Count == 1, $"{where}: Alertmanager takes it alone, the gateway delivered it {events.Count} times", failures)
                    && Check(probed.TryGetValue(id, out shown), $"{where}: Alertmanager took the probe but does not list it", failures))
                {
                    CompareAlert(where, alert, events[0], shown, outcome.Gateway, probe, timesShown: !resolved, failures);
                }
            }
        }
        foreach (var stray in byCase.Keys.Where(k => !known.Contains(k)))
        {
            failures.Add($"delivered an alert the corpus does not hold: {stray}");
        }
        return figures;
    }

    /// <summary>One delivered alert against Alertmanager's view of it, and against the times the payload sent.</summary>
    private static void CompareAlert(string where, CorpusAlert sent, JsonElement delivered, JsonElement shown, Exchange gateway, Exchange alertmanager, bool timesShown, List<string> failures)
    {
        Check(Same(Labels(delivered), Map(shown, "labels")), $"{where}: labels {Show(delivered, "labels")} vs Alertmanager's {Show(shown, "labels")}", failures);
        Check(Same(Map(delivered, "annotations"), Map(shown, "annotations")), $"{where}: annotations {Show(delivered, "annotations")} vs {Show(shown, "annotations")}", failures);
        Check(delivered.GetProperty("fingerprint").GetString() == shown.GetProperty("fingerprint").GetString(),
            $"{where}: fingerprint {delivered.GetProperty("fingerprint")} vs {shown.GetProperty("fingerprint")}", failures);
        var url = shown.TryGetProperty("generatorURL", out var u) && u.ValueKind == JsonValueKind.String && u.GetString()!.Length > 0 ? u.GetString() : null;
        Check(delivered.GetProperty("generatorURL").GetString() == url, $"{where}: generatorURL {delivered.GetProperty("generatorURL")} vs {url}", failures);

        var startsAt = delivered.GetProperty("startsAt").GetDateTimeOffset();
        DateTimeOffset? endsAt = delivered.GetProperty("endsAt").ValueKind == JsonValueKind.Null ? null : delivered.GetProperty("endsAt").GetDateTimeOffset();
        var status = delivered.GetProperty("status").GetString();
        // The payload's own times, as Alertmanager reads them: a missing startsAt is the end when one is given, else now.
        if (sent.StartsAt is { } start)
        {
            Check(Ms(startsAt) == Ms(start), $"{where}: startsAt {startsAt:O}, sent {start:O}", failures);
        }
        else if (sent.EndsAt is { } onlyEnd)
        {
            Check(Ms(startsAt) == Ms(onlyEnd), $"{where}: startsAt {startsAt:O} is not the endsAt sent ({onlyEnd:O})", failures);
        }
        else
        {
            Check(Within(startsAt, gateway), $"{where}: startsAt {startsAt:O} is not the receive time ({gateway.Before:O}–{gateway.After:O})", failures);
        }
        Check(Ms(endsAt) == Ms(sent.EndsAt), $"{where}: endsAt {endsAt:O}, sent {sent.EndsAt:O}", failures);
        var resolved = sent.EndsAt is { } end && end <= gateway.After;
        Check(status == (resolved ? "resolved" : "firing"), $"{where}: status {status}", failures);
        if (!timesShown)
        {
            return;
        }
        var shownStart = Time(shown, "startsAt");
        var shownEnd = Time(shown, "endsAt");
        if (sent.StartsAt is not null || sent.EndsAt is not null)
        {
            Check(Ms(shownStart) == Ms(startsAt), $"{where}: startsAt {startsAt:O} vs Alertmanager's {shownStart:O}", failures);
        }
        else
        {
            Check(Within(shownStart, alertmanager), $"{where}: Alertmanager's startsAt {shownStart:O} is not its receive time", failures);
        }
        if (sent.EndsAt is { } given)
        {
            Check(Ms(shownEnd) == Ms(given), $"{where}: endsAt {given:O} vs Alertmanager's {shownEnd:O}", failures);
        }
        else
        {
            // Without an endsAt Alertmanager resolves the alert resolve_timeout after its last update; the gateway keeps none.
            Check(shownEnd - Time(shown, "updatedAt") == ResolveTimeout, $"{where}: Alertmanager's endsAt {shownEnd:O} is not updatedAt + resolve_timeout", failures);
        }
    }

    private void Report(List<Outcome> outcomes, Dictionary<string, int> exceptions, AlertFigures alerts, double published)
    {
        var both2xx = outcomes.Count(o => o.Gateway.Is2xx && o.Alertmanager.Is2xx);
        var both4xx = outcomes.Count(o => o.Gateway.Is4xx && o.Alertmanager.Is4xx);
        var sameCode = outcomes.Count(o => o.Gateway.Status == o.Alertmanager.Status);
        output.WriteLine($"Differential test against Alertmanager 0.25, seed {Seed}: {outcomes.Count} payloads, {outcomes.Sum(o => o.Payload.Alerts.Count)} alerts in them");
        output.WriteLine($"  by kind: {string.Join(", ", outcomes.GroupBy(o => o.Payload.Kind).Select(g => $"{g.Key} {g.Count()}"))}");
        output.WriteLine($"  answers agree: {both2xx + both4xx} ({both2xx} both 2xx, {both4xx} both 4xx); same status code: {sameCode}; gateway 5xx: {outcomes.Count(o => o.Gateway.Status >= 500)}");
        output.WriteLine($"  documented exceptions: {exceptions.Values.Sum()}");
        foreach (var (reason, count) in exceptions.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"    {count,4}  {reason}");
        }
        output.WriteLine($"  alerts published by the gateway: {published}, each delivered exactly once");
        output.WriteLine($"    compared with Alertmanager's alert list: {alerts.ComparedWithList}");
        output.WriteLine($"    resolved (not listed by Alertmanager), compared with it posted alone without times: {alerts.ComparedWithProbe}");
        output.WriteLine($"    valid alerts the gateway kept from requests Alertmanager refused whole: {alerts.KeptFromRefusedRequests}");
        output.WriteLine($"  alerts refused by both: {alerts.RefusedByBoth}; in requests both refused whole: {alerts.NotReadByGateway}; deviating alerts only Alertmanager took: {alerts.OnlyAlertmanager}");
    }

    private static async Task<Exchange> PostAsync(HttpClient http, byte[] body, string? contentType, string? contentEncoding)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }
        var before = DateTimeOffset.UtcNow;
        try
        {
            using var response = await http.PostAsync("/api/v2/alerts", content);
            var text = await response.Content.ReadAsStringAsync();
            return new Exchange((int)response.StatusCode, text, before, DateTimeOffset.UtcNow);
        }
        catch (HttpRequestException ex)
        {
            return new Exchange(null, ex.Message, before, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Alertmanager's active alerts of this run, by <c>dt_case</c>.</summary>
    private static async Task<Dictionary<string, JsonElement>> ListAsync(HttpClient alertmanager, string run)
    {
        var filter = WebUtility.UrlEncode($"dt_run=\"{run}\"");
        var alerts = JsonDocument.Parse(await alertmanager.GetStringAsync($"/api/v2/alerts?filter={filter}")).RootElement;
        return alerts.EnumerateArray().Where(a => Map(a, "labels").ContainsKey("dt_case")).ToDictionary(a => Map(a, "labels")["dt_case"], a => a.Clone());
    }

    private static async Task WaitForAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static Dictionary<string, string> Labels(JsonElement alert) => Map(alert, "labels");

    private static Dictionary<string, string> Map(JsonElement alert, string property) =>
        alert.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static string Show(JsonElement alert, string property) => Cut(alert.TryGetProperty(property, out var v) ? v.GetRawText() : "(none)");

    /// <summary>Alertmanager prints times with milliseconds in the offset they came with (up to ±23:59, which .NET cannot hold).</summary>
    private static DateTimeOffset Time(JsonElement alert, string property) =>
        Rfc3339.TryParse(alert.GetProperty(property).GetString()!, out var value) == Rfc3339.Outcome.Valid
            ? value
            : throw new FormatException($"Alertmanager's {property} {alert.GetProperty(property)}");

    private static long? Ms(DateTimeOffset? time) => time is { } t ? t.UtcTicks / TimeSpan.TicksPerMillisecond : null;

    private static bool Within(DateTimeOffset time, Exchange exchange) => time >= exchange.Before - Slack && time <= exchange.After + Slack;

    private static bool Check(bool condition, string failure, List<string> failures)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
        return condition;
    }

    private static string Cut(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
