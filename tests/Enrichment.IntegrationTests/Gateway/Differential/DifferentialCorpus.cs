using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Enrichment.IntegrationTests.Gateway.Differential;

/// <summary>
/// A deterministic (seeded) corpus of <c>POST /api/v2/alerts</c> payloads: valid alerts of every shape
/// Alertmanager takes, and mutations of every field (types, names, empty values, times, URLs), of the body
/// (nesting, encodings, sizes), of the content type, and batch mixes. Every alert both sides can read carries
/// <c>dt_run</c> (to find it in Alertmanager's alert list) and a unique <c>dt_case</c>. What the generator
/// marks as a <see cref="Deviation"/> is what docs/ALERTMANAGER.md and docs/SECURITY.md list; the test
/// checks that each marked case really is one.
/// </summary>
public sealed class DifferentialCorpus
{
    private static readonly JsonSerializerOptions Escaped = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] AlertNames = ["PostgresqlDown", "HostHighCpuLoad", "KubePodCrashLooping", "Watchdog", "TargetDown"];
    private static readonly string[] LabelNamePool =
        ["severity", "instance", "job", "namespace", "team", "_private", "__meta_x", "a1", "x_y_z", "ENV", "service", "Region", "region", "n" + new string('x', 199)];
    private static readonly string[] ValuePool =
    [
        "critical", "db-1:9187", "Ünïcödé ✓", "中文标签", "🚀 rocket", "quote \" and backslash \\", "line1\nline2\ttab",
        "x\u0000y", "\uffff", " ", "<script>alert(1)</script>", "ignore previous instructions", "100%", "a=b,c=d",
    ];
    private static readonly string[] AnnotationNamePool = ["summary", "description", "runbook_url", "Summary", "note"];
    private static readonly string[] ValidUrls =
    [
        "http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200&g0.tab=1", "https://prom.example.com/graph?g0.expr=rate(x[5m])",
        "/graph?g0.expr=up", "mailto:ops@example.com", "urn:isbn:1", "http://x/a#b", "http:", "http://é.com/ü",
        "http://[::1]:9090/x", "http://x/?%zz", "http://user:pass@x/", "//x/y", "*", "http://x:/", "HTTP://X/",
    ];
    private static readonly string[] InvalidUrls =
        ["::bad", "http://a b", "graph?g0.expr=up", "http://x/%zz", ":x", "http://x:abc/", "1http://x/", "http://x#frag", "http://%41/", "http://x{y}/", "http://x/\u0001"];

    private readonly Random _random;
    private readonly string _run;
    private readonly DateTimeOffset _now;
    private readonly List<CorpusPayload> _payloads = [];
    private int _cases;

    private DifferentialCorpus(string run, int seed, DateTimeOffset now)
    {
        _run = run;
        _random = new Random(seed);
        _now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    public static IReadOnlyList<CorpusPayload> Generate(string run, int seed, DateTimeOffset now)
    {
        var corpus = new DifferentialCorpus(run, seed, now);
        corpus.ValidAlerts(70);
        corpus.ValidBatches(25);
        corpus.LabelMutations();
        corpus.AnnotationMutations();
        corpus.TimeMutations();
        corpus.GeneratorUrlMutations();
        corpus.UnknownProperties();
        corpus.BodyMutations();
        corpus.ContentTypes();
        corpus.Sizes();
        corpus.BatchMixes();
        return corpus._payloads;
    }

    private void ValidAlerts(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Single("valid", "random valid alert", NewAlert());
        }
    }

    private void ValidBatches(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var alerts = Enumerable.Range(0, _random.Next(2, 11)).Select(_ => Done(NewAlert())).ToList();
            Add("valid", $"batch of {alerts.Count}", alerts);
        }
        Add("valid", "batch of 100", Enumerable.Range(0, 100).Select(_ => Done(NewAlert())).ToList());
        Add("valid", "empty array", [], body: "[]"u8.ToArray());
    }

    private void LabelMutations()
    {
        Mutate("labels", "labels missing", d => { d.OmitLabels = true; d.CaseId = null; });
        foreach (var raw in new[] { "null", "[]", "[\"a\"]", "\"alertname\"", "5", "true", "{}" })
        {
            Mutate("labels", $"labels {raw}", d => { d.LabelsRaw = raw; d.CaseId = null; });
        }
        Mutate("labels", "every label empty", d => { d.LabelsRaw = "{\"alertname\":\"\",\"x\":\"\"}"; d.CaseId = null; });
        Mutate("labels", "an empty label among others", d => d.Labels.Add((S("dropped"), S(""))));
        foreach (var name in new[] { "a-b", "1a", "a.b", "é", "a b", "a\u0000", "", "-", "ümlaut", " " })
        {
            Mutate("labels", $"label name {Show(name)}", d => d.Labels.Add((S(name), S("v"))));
        }
        Mutate("labels", "invalid name with an empty value", d => d.Labels.Add((S("a-b"), S(""))));
        Mutate("labels", "label name with a lone surrogate", d => d.Labels.Add(("\"\\udc00\"", S("v"))));
        foreach (var raw in new[] { "5", "true", "{}", "[\"v\"]", "1e400" })
        {
            Mutate("labels", $"label value {raw}", d => d.Labels.Add((S("typed"), raw)));
        }
        Mutate("labels", "label value null", d => d.Labels.Add((S("nothing"), "null")), Deviation.GoLenient, "null as a label value");
        Mutate("labels", "duplicate label name", d => d.Labels.Add((S("alertname"), S("Other"))), Deviation.GoLenient, "a name twice in one object");
        Mutate("labels", "Labels instead of labels", d =>
        {
            d.Extra.Add((S("Labels"), AlertDraft.Object(d.Labels)));
            d.OmitLabels = true;
        }, Deviation.GoLenient, "a property name in another case");
        Mutate("labels", "labels and Labels", d => d.Extra.Add((S("Labels"), "{\"more\":\"x\"}")), Deviation.GoLenient, "a property name in another case");
        Mutate("labels", "labels twice", d => d.Extra.Add((S("labels"), "{\"more\":\"x\"}")), Deviation.GoLenient, "a name twice in one object");
        Mutate("labels", "label value of 16384 characters", d => d.Labels.Add((S("long"), S(new string('v', 16384)))));
        Mutate("labels", "label value of 16385 characters", d => d.Labels.Add((S("long"), S(new string('v', 16385)))), Deviation.Limit, "value longer than GATEWAY_MAX_VALUE_LENGTH");
        Mutate("labels", "128 labels", d => Fill(d.Labels, 128));
        Mutate("labels", "129 labels", d => Fill(d.Labels, 129), Deviation.Limit, "more than 128 labels or annotations");
        Mutate("labels", "env and Env", d => { d.Labels.Add((S("env"), S("prod"))); d.Labels.Add((S("Env"), S("staging"))); });
        Mutate("labels", "lone surrogate in a value", d => d.Labels.Add((S("broken"), "\"\\ud800\"")), Deviation.GoLenient, "unpaired surrogate escape");
        Mutate("labels", "reversed surrogate pair", d => d.Labels.Add((S("broken"), "\"\\ude00\\ud83d\"")), Deviation.GoLenient, "unpaired surrogate escape");
        Mutate("labels", "escaped surrogate pair", d => d.Labels.Add((S("emoji"), "\"\\ud83d\\ude00\"")));
        Mutate("labels", "NUL and U+FFFF in values", d => { d.Labels.Add((S("nul"), "\"a\\u0000b\"")); d.Labels.Add((S("nonchar"), "\"\\uffff\"")); });
        Mutate("labels", "label __name__", d => d.Labels.Add((S("__name__"), S("up"))));
        Mutate("labels", "escaped label name", d => d.Labels.Add(("\"\\u0065scaped\"", S("v"))));
    }

    private void AnnotationMutations()
    {
        Mutate("annotations", "annotations null", d => { d.Annotations = null; d.AnnotationsRaw = "null"; });
        foreach (var raw in new[] { "[]", "\"summary\"", "5" })
        {
            Mutate("annotations", $"annotations {raw}", d => d.AnnotationsRaw = raw);
        }
        Mutate("annotations", "annotation value 5", d => d.Annotations = [(S("summary"), "5")]);
        Mutate("annotations", "annotation value null", d => d.Annotations = [(S("summary"), "null")], Deviation.GoLenient, "null as an annotation value");
        Mutate("annotations", "empty annotation", d => d.Annotations = [(S("summary"), S("")), (S("description"), S("kept"))]);
        Mutate("annotations", "annotation name a-b", d => d.Annotations = [(S("a-b"), S("x"))]);
        Mutate("annotations", "annotation name 1st, empty value", d => d.Annotations = [(S("1st"), S(""))]);
        Mutate("annotations", "annotation name with a lone surrogate", d => d.Annotations = [("\"\\ud800\"", S("x"))]);
        Mutate("annotations", "duplicate annotation", d => d.Annotations = [(S("summary"), S("a")), (S("summary"), S("b"))], Deviation.GoLenient, "a name twice in one object");
        Mutate("annotations", "129 annotations", d => Fill(d.Annotations = [], 129), Deviation.Limit, "more than 128 labels or annotations");
        Mutate("annotations", "annotation of 16385 characters", d => d.Annotations = [(S("description"), S(new string('d', 16385)))], Deviation.Limit, "value longer than GATEWAY_MAX_VALUE_LENGTH");
        Mutate("annotations", "lone surrogate in an annotation", d => d.Annotations = [(S("summary"), "\"x\\udbff\"")], Deviation.GoLenient, "unpaired surrogate escape");
        Mutate("annotations", "summary and Summary", d => d.Annotations = [(S("summary"), S("a")), (S("Summary"), S("b"))]);
        Mutate("annotations", "Annotations instead of annotations", d =>
        {
            d.Annotations = null;
            d.Extra.Add((S("Annotations"), "{\"summary\":\"x\"}"));
        }, Deviation.GoLenient, "a property name in another case");
    }

    private void TimeMutations()
    {
        var past = Past();
        for (var i = 0; i < 12; i++)
        {
            var t = Past();
            Mutate("times", "startsAt in a random RFC 3339 form", d => SetStart(d, Time(t), t));
        }
        Mutate("times", "startsAt zero", d => SetStart(d, "\"0001-01-01T00:00:00Z\"", null));
        Mutate("times", "startsAt and endsAt zero (amtool without flags)", d =>
        {
            SetStart(d, "\"0001-01-01T00:00:00.000Z\"", null);
            SetEnd(d, "\"0001-01-01T00:00:00.000Z\"", null);
        });
        Mutate("times", "startsAt null", d => SetStart(d, "null", null));
        var future = Future();
        Mutate("times", "startsAt in the future", d => SetStart(d, Time(future), future));
        var soon = _now.AddMinutes(4);
        Mutate("times", "startsAt 4m ahead, no endsAt", d => { SetStart(d, Time(soon), soon); SetEnd(d, null, null); });
        var ahead = _now.AddMinutes(10);
        Mutate("times", "startsAt 10m ahead, no endsAt", d => { SetStart(d, Time(ahead), ahead); SetEnd(d, null, null); });
        Mutate("times", "startsAt 10m ahead, endsAt later", d => { SetStart(d, Time(ahead), ahead); SetEnd(d, Time(future.AddHours(1)), future.AddHours(1)); });
        var futureEnd = Future();
        Mutate("times", "only endsAt, future", d => { SetStart(d, null, null); SetEnd(d, Time(futureEnd), futureEnd); });
        var pastEnd = Past();
        Mutate("times", "only endsAt, past (resolved)", d => { SetStart(d, null, null); SetEnd(d, Time(pastEnd), pastEnd); });
        Mutate("times", "endsAt equal to startsAt", d => { SetStart(d, Time(past), past); SetEnd(d, Time(past), past); });
        var later = past.AddMinutes(5);
        Mutate("times", "startsAt and endsAt in the past (resolved)", d => { SetStart(d, Time(past), past); SetEnd(d, Time(later), later); });
        Mutate("times", "endsAt before startsAt", d => { SetStart(d, Time(later), later); SetEnd(d, Time(past), past); });
        Mutate("times", "endsAt before startsAt, future", d => { SetStart(d, Time(futureEnd.AddHours(1)), futureEnd.AddHours(1)); SetEnd(d, Time(futureEnd), futureEnd); });
        foreach (var text in new[]
                 {
                     "2024-01-01", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2016-12-31T23:59:60Z", "2024-01-01T00:00:00+0100",
                     "2024-01-01T00:00:00.Z", "2023-02-30T00:00:00Z", "2024-01-01T24:00:00Z", "yesterday", "\\ud800",
                 })
        {
            Mutate("times", $"startsAt {Show(text)}", d => SetStart(d, $"\"{text}\"", null));
        }
        foreach (var raw in new[] { "1700000000", "true", "{}" })
        {
            Mutate("times", $"startsAt {raw}", d => SetStart(d, raw, null));
        }
        Mutate("times", "endsAt 12", d => SetEnd(d, "12", null));
        foreach (var text in new[] { "2024-01-01T00:00:00", "2024-01-01 00:00:00", "2024-01-01T00:00Z", "", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+01:60", "2024-01-01T00:00:00,5Z" })
        {
            Mutate("times", $"startsAt {Show(text)}", d => SetStart(d, $"\"{text}\"", null), Deviation.GoLenient, "a timestamp that is not RFC 3339");
        }
        Mutate("times", "STARTSAT", d => d.Extra.Add((S("STARTSAT"), Time(past))), Deviation.GoLenient, "a property name in another case");
        Mutate("times", "startsAt in year 0000", d => SetStart(d, "\"0000-01-01T00:00:00Z\"", null), Deviation.Limit, "a time outside years 0001–9999");
        Mutate("times", "startsAt before year 1 in UTC", d => SetStart(d, "\"0001-01-01T00:00:00+01:00\"", null), Deviation.Limit, "a time outside years 0001–9999");
        Mutate("times", "endsAt after year 9999 in UTC", d => SetEnd(d, "\"9999-12-31T23:59:59-01:00\"", null), Deviation.Limit, "a time outside years 0001–9999");
    }

    private void GeneratorUrlMutations()
    {
        foreach (var url in ValidUrls)
        {
            Mutate("generatorURL", $"generatorURL {Show(url)}", d => d.GeneratorUrl = S(url));
        }
        foreach (var url in InvalidUrls)
        {
            Mutate("generatorURL", $"generatorURL {Show(url)}", d => d.GeneratorUrl = S(url));
        }
        Mutate("generatorURL", "generatorURL 5", d => d.GeneratorUrl = "5");
        Mutate("generatorURL", "generatorURL null", d => d.GeneratorUrl = "null");
        Mutate("generatorURL", "generatorURL empty", d => d.GeneratorUrl = S(""));
        Mutate("generatorURL", "generatorurl", d => { d.GeneratorUrl = null; d.Extra.Add((S("generatorurl"), S("http://x/"))); },
            Deviation.GoLenient, "a property name in another case");
    }

    private void UnknownProperties()
    {
        foreach (var (name, raw) in new[]
                 {
                     ("status", "\"firing\""), ("status", "\"weird\""), ("status", "{\"state\":\"active\"}"), ("status", "7"),
                     ("fingerprint", "\"abc\""), ("fingerprint", "7"), ("receivers", "[{\"name\":\"x\"}]"), ("updatedAt", "\"soon\""),
                     ("x", "1e400"), ("x", "-0"), ("", "\"empty name\""), ("\\ud800", "\"\\ud800\""), ("nested", Nest(12)),
                 })
        {
            Mutate("unknown properties", $"{Show(name)}: {Show(raw.Length > 30 ? raw[..30] + "…" : raw)}", d => d.Extra.Add(($"\"{name}\"", raw)));
        }
        Mutate("unknown properties", "nesting deeper than 16", d => d.Extra.Add((S("nested"), Nest(20))), Deviation.Limit, "JSON nested deeper than 16 levels", requestWide: true);
    }

    private void BodyMutations()
    {
        foreach (var body in new[] { "{}", "\"alerts\"", "5", "true", "[1]", "[\"x\"]", "[true]", "[[]]", "", "   ", "[", "[{'labels':{'a':'b'}}]", "[{\"labels\":{\"a\":\"b\"},\"x\":NaN}]", "[{\"labels\":{\"a\":\"b\"},\"x\":01}]" })
        {
            Add("body", $"body {Show(body)}", [], body: Encoding.UTF8.GetBytes(body));
        }
        Add("body", "body null", [], body: "null"u8.ToArray(), deviation: Deviation.GoLenient, reason: "null instead of the array");
        Add("body", "body [null]", [], body: "[null]"u8.ToArray(), deviation: Deviation.AlertmanagerNoAnswer, reason: "a null alert");
        var nested = Done(NewAlert());
        Add("body", "alert in an array in the array", [], body: Encoding.UTF8.GetBytes("[[" + nested.Text + "]]"));
        var trailing = Done(NewAlert(firing: true));
        Add("body", "data after the array", [trailing], body: Encoding.UTF8.GetBytes("[" + trailing.Text + "] x"), deviation: Deviation.GoLenient, reason: "data after the JSON value");
        var second = Done(NewAlert(firing: true));
        Add("body", "a second array after the first", [second], body: Encoding.UTF8.GetBytes("[" + second.Text + "][]"), deviation: Deviation.GoLenient, reason: "data after the JSON value");
        var comma = Done(NewAlert());
        Add("body", "trailing comma", [comma], body: Encoding.UTF8.GetBytes("[" + comma.Text + ",]"));
        var comment = Done(NewAlert());
        Add("body", "comment", [comment], body: Encoding.UTF8.GetBytes("/* c */[" + comment.Text + "]"));
        var bom = Done(NewAlert());
        Add("body", "byte order mark", [bom], body: [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[" + bom.Text + "]")]);
        var pretty = Done(NewAlert());
        Add("body", "pretty-printed", [pretty], body: Encoding.UTF8.GetBytes("[\n\t" + pretty.Text.Replace(",", ",\n\t  ", StringComparison.Ordinal) + "\r\n]\n"));
        var truncated = Done(NewAlert());
        Add("body", "truncated", [truncated], body: Encoding.UTF8.GetBytes("[" + truncated.Text[..^2]));

        var badUtf8 = NewAlert(firing: true);
        badUtf8.Labels.Add((S("bytes"), S("~~~~")));
        var badLabel = Done(badUtf8, Deviation.GoLenient, "invalid UTF-8");
        Add("body", "invalid UTF-8 in a label value", [badLabel], body: WithInvalidUtf8("[" + badLabel.Text + "]"), deviation: Deviation.GoLenient, reason: "invalid UTF-8");
        var unknownBytes = NewAlert(firing: true);
        unknownBytes.Extra.Add((S("junk"), S("~~~~")));
        var badUnknown = Done(unknownBytes, Deviation.GoLenient, "invalid UTF-8");
        Add("body", "invalid UTF-8 in an unknown property", [badUnknown], body: WithInvalidUtf8("[" + badUnknown.Text + "]"), deviation: Deviation.GoLenient, reason: "invalid UTF-8");
    }

    private void ContentTypes()
    {
        foreach (var type in new[]
                 {
                     null, "text/plain", "application/x-www-form-urlencoded", "text/json", "application/vnd.alerts+json", "application/problem+json",
                     "application/json; charset=utf-8", "APPLICATION/JSON", "application/json ; charset=utf-8", "application/json;",
                     "application/json; charset=\"utf-8\"", "application/json; charset=latin1", "application/json;;", "application/json; a=1; a=2",
                     "application/", "/json", "application/json; x",
                 })
        {
            Single("content type", $"Content-Type {type ?? "(none)"}", NewAlert(), contentType: type);
        }
        var gzip = Done(NewAlert());
        using (var buffer = new MemoryStream())
        {
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
            {
                zip.Write(Encoding.UTF8.GetBytes("[" + gzip.Text + "]"));
            }
            Add("content type", "Content-Encoding gzip", [gzip], body: buffer.ToArray(), encoding: "gzip");
        }
        var utf16 = Done(NewAlert());
        Add("content type", "UTF-16 body", [utf16], body: Encoding.Unicode.GetBytes("[" + utf16.Text + "]"), contentType: "application/json; charset=utf-16");
    }

    private void Sizes()
    {
        // Alertmanager takes these; they carry no dt_run label, so they stay out of the alert list the test reads.
        var big = string.Join(",", Enumerable.Range(0, 75).Select(i => $"{{\"labels\":{{\"dt_bulk\":\"{_run}\",\"n\":\"{i}\"}},\"annotations\":{{\"description\":\"{new string('d', 15000)}\"}}}}"));
        Add("sizes", "body over 1 MiB", [], body: Encoding.UTF8.GetBytes("[" + big + "]"), deviation: Deviation.Limit, reason: "body larger than GATEWAY_MAX_BODY_BYTES");
        var many = string.Join(",", Enumerable.Range(0, 5001).Select(i => $"{{\"labels\":{{\"dt_bulk\":\"{_run}\",\"n\":\"{i}\"}}}}"));
        Add("sizes", "5001 alerts", [], body: Encoding.UTF8.GetBytes("[" + many + "]"), deviation: Deviation.Limit, reason: "more alerts than GATEWAY_MAX_ALERTS_PER_REQUEST");
    }

    private void BatchMixes()
    {
        (string Name, Action<AlertDraft> Mutation, Deviation Deviation, string? Reason)[] spoilers =
        [
            ("invalid label name", d => d.Labels.Add((S("bad-name"), S("x"))), Deviation.None, null),
            ("endsAt before startsAt", d => { SetStart(d, Time(_now.AddMinutes(-1)), null); SetEnd(d, Time(_now.AddMinutes(-2)), null); }, Deviation.None, null),
            ("every label empty", d => { d.LabelsRaw = "{\"alertname\":\"\"}"; d.CaseId = null; }, Deviation.None, null),
            ("invalid annotation name", d => d.Annotations = [(S("x.y"), S("z"))], Deviation.None, null),
            ("label value 1", d => d.Labels.Add((S("typed"), "1")), Deviation.None, null),
            ("bad timestamp", d => SetStart(d, "\"2024-13-01T00:00:00Z\"", null), Deviation.None, null),
            ("generatorURL not a URI", d => d.GeneratorUrl = S("graph"), Deviation.None, null),
            ("labels missing", d => { d.OmitLabels = true; d.CaseId = null; }, Deviation.None, null),
            ("label value null", d => d.Labels.Add((S("nothing"), "null")), Deviation.GoLenient, "null as a label value"),
            ("timestamp without zone", d => SetStart(d, "\"2024-01-01T00:00:00\"", null), Deviation.GoLenient, "a timestamp that is not RFC 3339"),
            ("lone surrogate", d => d.Labels.Add((S("broken"), "\"\\udfff\"")), Deviation.GoLenient, "unpaired surrogate escape"),
            ("value of 16385 characters", d => d.Labels.Add((S("long"), S(new string('v', 16385)))), Deviation.Limit, "value longer than GATEWAY_MAX_VALUE_LENGTH"),
            ("129 labels", d => Fill(d.Labels, 129), Deviation.Limit, "more than 128 labels or annotations"),
        ];
        foreach (var (name, mutation, deviation, reason) in spoilers)
        {
            for (var round = 0; round < 2; round++)
            {
                var alerts = Enumerable.Range(0, _random.Next(2, 6)).Select(_ => Done(NewAlert(firing: deviation != Deviation.None))).ToList();
                var spoiled = NewAlert(firing: true);
                mutation(spoiled);
                alerts.Insert(_random.Next(alerts.Count + 1), Done(spoiled, deviation, reason));
                Add("batch mix", $"valid alerts and one: {name}", alerts);
            }
        }
    }

    /// <summary>
    /// A valid alert of random shape. <paramref name="firing"/> keeps it out of the resolved state, for
    /// payloads that Alertmanager must list in full.
    /// </summary>
    private AlertDraft NewAlert(bool firing = false)
    {
        var id = $"{_run}-{++_cases}";
        var d = new AlertDraft { CaseId = id };
        d.Labels.Add((S("dt_run"), S(_run)));
        d.Labels.Add((S("dt_case"), S(id)));
        d.Labels.Add((S("alertname"), S(Pick(AlertNames))));
        foreach (var name in LabelNamePool.OrderBy(_ => _random.Next()).Take(_random.Next(0, 5)))
        {
            d.Labels.Add((S(name), S(Pick(ValuePool))));
        }
        if (Chance(0.15))
        {
            d.Labels.Add((S("dropped"), S("")));
        }
        if (Chance(0.1))
        {
            d.Labels.Add((S("env"), S("prod")));
            d.Labels.Add((S("Env"), S("staging")));
        }

        var annotations = _random.NextDouble();
        if (annotations < 0.05)
        {
            d.AnnotationsRaw = "null";
        }
        else if (annotations < 0.15)
        {
            d.Annotations = [];
        }
        else if (annotations >= 0.4)
        {
            d.Annotations = AnnotationNamePool.OrderBy(_ => _random.Next()).Take(_random.Next(1, 4))
                .Select(n => (S(n), S(Chance(0.15) ? "" : Pick(ValuePool) + " on " + n))).ToList();
        }

        var start = _random.NextDouble();
        var startsAt = Past();
        if (start < 0.05)
        {
            SetStart(d, "\"0001-01-01T00:00:00Z\"", null);
        }
        else if (start < 0.1)
        {
            SetStart(d, "null", null);
        }
        else if (start < 0.7)
        {
            SetStart(d, Time(startsAt), startsAt);
        }

        var end = _random.NextDouble();
        if (end < 0.05)
        {
            SetEnd(d, "\"0001-01-01T00:00:00.000Z\"", null);
        }
        else if (end < 0.1)
        {
            SetEnd(d, "null", null);
        }
        else if (end < 0.35)
        {
            var endsAt = Future();
            SetEnd(d, Time(endsAt), endsAt);
        }
        else if (end < 0.45 && !firing)
        {
            var from = d.StartsAtValue ?? _now.AddDays(-20);
            var endsAt = from.AddTicks((long)(_random.NextDouble() * (_now.AddMinutes(-1) - from).Ticks));
            endsAt = new DateTimeOffset(endsAt.UtcTicks - endsAt.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            SetEnd(d, Time(endsAt), endsAt);
        }

        var url = _random.NextDouble();
        if (url < 0.6)
        {
            d.GeneratorUrl = S(Pick(ValidUrls));
        }
        else if (url < 0.65)
        {
            d.GeneratorUrl = S("");
        }
        else if (url < 0.7)
        {
            d.GeneratorUrl = "null";
        }
        if (Chance(0.2))
        {
            d.Extra.Add((S("status"), S(Chance(0.5) ? "firing" : "resolved")));
        }
        return d;
    }

    private void Mutate(string kind, string name, Action<AlertDraft> mutation, Deviation deviation = Deviation.None, string? reason = null, bool requestWide = false)
    {
        // Firing (no past endsAt) when a deviation must show in Alertmanager's alert list, or when the mutation sets times.
        var draft = NewAlert(firing: deviation != Deviation.None || kind == "times");
        mutation(draft);
        var alert = Done(draft, deviation, reason);
        Add(kind, name, [alert], deviation: requestWide ? deviation : Deviation.None, reason: requestWide ? reason : null);
    }

    private void Single(string kind, string name, AlertDraft draft, string? contentType = "application/json") =>
        Add(kind, name, [Done(draft)], contentType: contentType);

    private void Add(string kind, string name, IReadOnlyList<CorpusAlert> alerts, byte[]? body = null, string? contentType = "application/json",
        Deviation deviation = Deviation.None, string? reason = null, string? encoding = null) =>
        _payloads.Add(new CorpusPayload
        {
            Number = _payloads.Count + 1,
            Kind = kind,
            Name = name,
            Body = body ?? Encoding.UTF8.GetBytes("[" + string.Join(",", alerts.Select(a => a.Text)) + "]"),
            ContentType = contentType,
            ContentEncoding = encoding,
            Alerts = alerts,
            Deviation = deviation,
            Reason = reason,
        });

    private CorpusAlert Done(AlertDraft draft, Deviation deviation = Deviation.None, string? reason = null)
    {
        var resolved = draft.EndsAtValue is { } end && end <= _now;
        return new CorpusAlert
        {
            Text = draft.Text(),
            CaseId = draft.CaseId,
            ProbeText = resolved ? draft.TextWithoutTimes() : draft.Text(),
            Deviation = deviation,
            Reason = reason,
            StartsAt = draft.StartsAtValue,
            EndsAt = draft.EndsAtValue,
        };
    }

    private static void SetStart(AlertDraft d, string? raw, DateTimeOffset? value)
    {
        d.StartsAt = raw;
        d.StartsAtValue = value;
    }

    private static void SetEnd(AlertDraft d, string? raw, DateTimeOffset? value)
    {
        d.EndsAt = raw;
        d.EndsAtValue = value;
    }

    private void Fill(List<(string Name, string Value)> entries, int count)
    {
        for (var i = 0; entries.Count < count; i++)
        {
            entries.Add((S($"filler_{i}"), S($"v{i}")));
        }
    }

    /// <summary>A JSON string literal, its non-ASCII characters escaped or not at random (both are valid JSON).</summary>
    private string S(string value) => JsonSerializer.Serialize(value, Chance(0.5) ? Escaped : Raw);

    /// <summary>A valid RFC 3339 form of <paramref name="t"/> (whole milliseconds): zones, offsets and fraction lengths vary.</summary>
    private string Time(DateTimeOffset t)
    {
        int[] offsets = [0, 0, 0, 120, -330, 840, -720, 1439, -1439];
        var minutes = offsets[_random.Next(offsets.Length)];
        var local = t.UtcDateTime.AddMinutes(minutes);
        var ms = t.Millisecond.ToString("000", CultureInfo.InvariantCulture);
        var fraction = _random.Next(5) switch
        {
            0 when t.Millisecond == 0 => "",
            0 or 1 => "." + ms,
            2 => "." + ms + "000",
            3 => "." + ms + "000000",
            _ => "." + ms + "0000000004",
        };
        var zone = minutes == 0
            ? _random.Next(5) switch { 0 => "+00:00", 1 => "-00:00", _ => "Z" }
            : $"{(minutes < 0 ? '-' : '+')}{Math.Abs(minutes) / 60:00}:{Math.Abs(minutes) % 60:00}";
        return "\"" + local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + zone + "\"";
    }

    private DateTimeOffset Past() => _now.AddMilliseconds(-_random.NextInt64(60_000, 30L * 24 * 3600 * 1000));

    private DateTimeOffset Future() => _now.AddMilliseconds(_random.NextInt64(3600_000, 48L * 3600 * 1000));

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private static byte[] WithInvalidUtf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = text.IndexOf("~~~~", StringComparison.Ordinal);
        bytes[Encoding.UTF8.GetByteCount(text[..at])] = 0xFF;
        return bytes;
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private static string Show(string text) => JsonSerializer.Serialize(text, Escaped);
}
