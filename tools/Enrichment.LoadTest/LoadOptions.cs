using System.Globalization;

namespace Enrichment.LoadTest;

/// <summary>Command-line options; every one has a default that runs on a developer machine with the suite's services.</summary>
public sealed class LoadOptions
{
    public string Scenario { get; private set; } = "all";
    public Uri RabbitMq { get; private set; } = new("amqp://guest:guest@localhost:5672/");
    public Uri Management { get; private set; } = new("http://guest:guest@localhost:15672/");
    public string Redis { get; private set; } = "localhost:6379";
    public string AlertmanagerBinary { get; private set; } = "/usr/bin/prometheus-alertmanager";

    /// <summary>Worker processes in the end-to-end scenarios.</summary>
    public int Workers { get; private set; } = 2;

    /// <summary>Requests in flight from the sender in flat-out phases.</summary>
    public int Concurrency { get; private set; } = 8;

    /// <summary>Alerts per request (Prometheus sends up to 64 per <c>POST /api/v2/alerts</c>).</summary>
    public int AlertsPerRequest { get; private set; } = 64;

    /// <summary>Alerts per target per round of the ingest comparison.</summary>
    public int IngestAlerts { get; private set; } = 20_000;

    public int IngestRounds { get; private set; } = 3;

    /// <summary>
    /// Alerts per target sent before the measured rounds. 0 (the default): the first round is cold, both processes
    /// just started — what a gateway meets after a deploy or a restart, and what the target counts.
    /// </summary>
    public int IngestWarmUp { get; private set; }

    /// <summary>Alerts of the flat-out end-to-end phase.</summary>
    public int Alerts { get; private set; } = 20_000;

    /// <summary>Alerts per webhook of the flat-out end-to-end phase (the setup: webhooks of 100).</summary>
    public int EndToEndAlertsPerRequest { get; private set; } = 100;

    /// <summary>
    /// Which <c>Enrichment.Host</c> to start: <c>publish</c> (the default: published and run as the image is, JIT only),
    /// <c>build</c> (the Release build output, as the test suite starts it) or the path of an <c>Enrichment.Host.dll</c>.
    /// </summary>
    public string Host { get; private set; } = "publish";

    /// <summary>Distinct corpus rules the alerts are drawn from (each fires on many hosts).</summary>
    public int Rules { get; private set; } = 200;

    /// <summary>Alerts per second of the paced latency phase, its length, and its alerts per request.</summary>
    public double Rate { get; private set; } = 500;
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);
    public int PacedAlertsPerRequest { get; private set; } = 5;

    public int StormAlerts { get; private set; } = 5_000;
    public int StormRules { get; private set; } = 50;

    /// <summary>How long the fake model takes per call.</summary>
    public TimeSpan ModelLatency { get; private set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Extra environment for every service process (<c>--env WORKER_BATCH_SIZE=200</c>), to compare settings.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--scenario": options.Scenario = Value(); break;
                case "--rabbitmq": options.RabbitMq = new Uri(Value()); break;
                case "--management": options.Management = new Uri(Value()); break;
                case "--redis": options.Redis = Value(); break;
                case "--alertmanager": options.AlertmanagerBinary = Value(); break;
                case "--workers": options.Workers = Int(Value()); break;
                case "--concurrency": options.Concurrency = Int(Value()); break;
                case "--alerts-per-request": options.AlertsPerRequest = Int(Value()); break;
                case "--ingest-alerts": options.IngestAlerts = Int(Value()); break;
                case "--ingest-rounds": options.IngestRounds = Int(Value()); break;
                case "--ingest-warm-up": options.IngestWarmUp = Int(Value()); break;
                case "--e2e-alerts-per-request": options.EndToEndAlertsPerRequest = Int(Value()); break;
                case "--host":
                    var host = Value();
                    options.Host = host is "publish" or "build" ? host : Path.GetFullPath(host);
                    break;
                case "--alerts": options.Alerts = Int(Value()); break;
                case "--rules": options.Rules = Int(Value()); break;
                case "--rate": options.Rate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--duration": options.Duration = Seconds(Value()); break;
                case "--paced-alerts-per-request": options.PacedAlertsPerRequest = Int(Value()); break;
                case "--storm-alerts": options.StormAlerts = Int(Value()); break;
                case "--storm-rules": options.StormRules = Int(Value()); break;
                case "--model-latency": options.ModelLatency = TimeSpan.FromMilliseconds(Int(Value())); break;
                case "--env":
                    var pair = Value().Split('=', 2);
                    options.Environment[pair[0]] = pair.Length == 2 ? pair[1] : "";
                    break;
                default: throw new ArgumentException($"unknown option {name}; see tools/Enrichment.LoadTest/README.md");
            }
        }
        if (options.Workers is < 1 or > 8 || options.Alerts is < 1 or > 1_000_000 || options.IngestAlerts is < 1 or > 1_000_000
            || options.Duration > TimeSpan.FromMinutes(10) || options.StormAlerts > 1_000_000)
        {
            throw new ArgumentException("out of bounds: at most 8 workers, 1,000,000 alerts per phase, 10 minutes of pacing");
        }
        return options;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture));
}
