using System.Globalization;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using Enrichment.Core.Rules.Evaluation;

// Usage: dotnet run --project tests/Enrichment.Evaluation [-- [corpus.jsonl] [--misses tuning|held-back|all]]
//        dotnet run --project tests/Enrichment.Evaluation -- incidents [tests/data/incidents]   (see docs/INCIDENTS.md)
// Prints category and severity accuracy on the tuning and held-back parts (split by service, see
// CorpusSplit) and the held-back category confusion matrix. --misses lists the wrong answers of a part;
// --bench times the classifier over the corpus (time and bytes allocated per alert).

if (args.Length > 0 && args[0] == "incidents")
{
    return await Enrichment.Evaluation.Incidents.IncidentsCommand.RunAsync(args[1..]);
}

string? path = null;
string? missesOf = null;
var bench = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--misses")
    {
        missesOf = i + 1 < args.Length ? args[++i] : "tuning";
    }
    else if (args[i] == "--bench")
    {
        bench = true;
    }
    else if (args[i] is "-h" or "--help")
    {
        Console.WriteLine("usage: Enrichment.Evaluation [corpus.jsonl] [--misses tuning|held-back|all] [--bench]");
        return 0;
    }
    else
    {
        path = args[i];
    }
}

path ??= CorpusEvaluator.FindDefaultCorpus();
if (path is null || !File.Exists(path))
{
    Console.Error.WriteLine($"corpus not found: {path ?? CorpusEvaluator.DefaultCorpusPath} (pass its path as the first argument)");
    return 2;
}

var cases = CorpusEvaluator.ReadFile(path);
var evaluation = CorpusEvaluator.Evaluate(cases, new RuleBasedClassifier());
Console.WriteLine($"corpus: {path} ({cases.Count} alerts); held back: services whose FNV-1a bucket < {CorpusSplit.HeldBackPercent}");
Console.WriteLine();
Console.Write(evaluation.Format());

if (missesOf is not null)
{
    var part = missesOf switch
    {
        "held-back" or "heldback" => evaluation.HeldBack,
        "all" => evaluation.All,
        _ => evaluation.Tuning,
    };
    Console.WriteLine();
    Console.WriteLine($"Misses ({part.Name}, {part.Misses.Count}):");
    foreach (var miss in part.Misses)
    {
        var expected = miss.Case;
        var actual = miss.Actual;
        var alertName = expected.Alert.Labels.GetValueOrDefault("alertname");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {alertName} [{expected.Service}] expected {expected.ExpectedCategory.ToWire()}/{expected.ExpectedSeverity.ToWire()}, got {actual.Category.ToWire()}/{actual.Severity.ToWire()} ({actual.Confidence:0.00}): {actual.Reasoning}"));
    }
}
if (bench)
{
    var classifier = new RuleBasedClassifier();
    var alerts = cases.Select(c => c.Alert).ToArray();
    foreach (var alert in alerts)
    {
        classifier.Classify(alert); // warm up
    }
    const int rounds = 20;
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var stopwatch = System.Diagnostics.Stopwatch.StartNew();
    for (var round = 0; round < rounds; round++)
    {
        foreach (var alert in alerts)
        {
            classifier.Classify(alert);
        }
    }
    stopwatch.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    var count = (double)rounds * alerts.Length;
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"bench: {count:0} classifications, {stopwatch.Elapsed.TotalMicroseconds / count:0.0} µs and {allocated / count:0} bytes allocated per alert (one thread)"));
}
return 0;
