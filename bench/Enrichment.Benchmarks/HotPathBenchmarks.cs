using BenchmarkDotNet.Attributes;
using Enrichment.Contracts;
using Enrichment.Core.Alertmanager;
using Enrichment.Core.Alerts;
using Enrichment.Core.Rules;

namespace Enrichment.Benchmarks;

/// <summary>The per-alert work of the gateway and the worker. Results are per operation; see docs/PERFORMANCE.md.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class HotPathBenchmarks
{
    private byte[] _webhook100 = [];
    private AlertData _alert = null!;
    private AlertData[] _alerts = [];
    private readonly AlertSignature _signature = new();
    private readonly RuleBasedClassifier _rules = new();
    private readonly PayloadLimits _limits = new();

    [GlobalSetup]
    public void Setup()
    {
        _webhook100 = BenchmarkData.Webhook(100);
        _alerts = BenchmarkData.Corpus.ToArray();
        _alert = _alerts[42];
    }

    /// <summary>Gateway: read and validate a webhook of 100 alerts.</summary>
    [Benchmark]
    public int ParseWebhook100() => AlertmanagerPayloadParser.ParseWebhook(_webhook100, _limits, DateTimeOffset.UtcNow).Alerts.Count;

    [Benchmark]
    public string Fingerprint() => AlertFingerprint.Compute(_alert.Labels);

    [Benchmark]
    public string Signature() => _signature.Compute(_alert);

    [Benchmark]
    public object RuleClassifier() => _rules.Classify(_alert);

    /// <summary>The rules over the whole corpus (1,155 alerts): a feel for a batch's worth.</summary>
    [Benchmark]
    public int RuleClassifierCorpus()
    {
        var critical = 0;
        foreach (var alert in _alerts)
        {
            critical += _rules.Classify(alert).Severity == Enrichment.Core.Classification.Severity.Critical ? 1 : 0;
        }
        return critical;
    }
}
