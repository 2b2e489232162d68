using System.Collections;
using System.Diagnostics;
using System.Globalization;
using Enrichment.Core.Rules;
using Enrichment.Evaluate.Data;
using Enrichment.Evaluate.Replay;
using Enrichment.Evaluate.Reporting;
using Enrichment.Evaluate.Scoring;
using Microsoft.Extensions.Options;

namespace Enrichment.Evaluate;

/// <summary>The tool's one command: read, replay, report. Returns the process exit code (0 done, 2 a usage, file or option error).</summary>
public static class EvaluateCommand
{
    /// <summary>The shared corpus's place relative to the repository root.</summary>
    public const string DefaultCorpusPath = "tests/data/corpus/awesome-prometheus-alerts.jsonl";

    /// <param name="variables">The environment to configure the model from; the process's own when null.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, IDictionary? variables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        EvaluateArguments arguments;
        try
        {
            arguments = EvaluateArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"{ex.Message}\n\n{EvaluateArguments.Usage}");
            return 2;
        }
        if (arguments.Help)
        {
            await stdout.WriteLineAsync(EvaluateArguments.Usage);
            return 0;
        }
        var files = arguments.Files.Count > 0 ? arguments.Files : FindDefaultCorpus() is { } corpus ? [corpus] : [];
        if (files.Count == 0)
        {
            await stderr.WriteLineAsync($"corpus not found: {DefaultCorpusPath} (pass a file)");
            return 2;
        }

        ReplayClassifier classifier;
        try
        {
            classifier = ReplayClassifier.Create(arguments.RulesOnly, variables, stderr);
        }
        catch (OptionsValidationException ex)
        {
            // The messages name the variable to fix (LLM_API_KEY is required for …).
            await stderr.WriteLineAsync("configuration: " + string.Join("; ", ex.Failures));
            return 2;
        }
        using (classifier)
        {
            var split = new HeldBackSplit(arguments.HeldBackPercent);
            for (var f = 0; f < files.Count; f++)
            {
                IReadOnlyList<LabelledAlert> alerts;
                try
                {
                    alerts = LabelledAlertReader.ReadFile(files[f]);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
                {
                    await stderr.WriteLineAsync($"{files[f]}: {ex.Message}");
                    return 2;
                }
                var evaluation = await Replayer.RunAsync(files[f], alerts, classifier, split, arguments.BatchSize, cancellationToken: cancellationToken);
                if (f > 0)
                {
                    await stdout.WriteLineAsync(new string('─', 72));
                }
                await stdout.WriteAsync(TextReport.Format(evaluation, PartOf(evaluation, arguments.Part), arguments.MissesOf is { } misses ? PartOf(evaluation, misses) : null));
                if (arguments.Bench)
                {
                    await stdout.WriteLineAsync(Bench(alerts));
                }
            }
        }
        return 0;
    }

    /// <summary>Looks for <see cref="DefaultCorpusPath"/> from the current directory up, then next to the binaries.</summary>
    public static string? FindDefaultCorpus()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DefaultCorpusPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var copied = Path.Combine(AppContext.BaseDirectory, "data", "corpus", Path.GetFileName(DefaultCorpusPath));
        return File.Exists(copied) ? copied : null;
    }

    private static PartScore PartOf(Evaluation evaluation, string part) => part switch
    {
        "tuning" => evaluation.Tuning,
        "held-back" => evaluation.HeldBack,
        _ => evaluation.All,
    };

    /// <summary>Time and bytes allocated per alert of the rule-based classifier alone, one thread.</summary>
    private static string Bench(IReadOnlyList<LabelledAlert> alerts)
    {
        var classifier = new RuleBasedClassifier();
        var data = alerts.Select(a => a.Alert).ToArray();
        foreach (var alert in data)
        {
            classifier.Classify(alert); // warm up
        }
        const int rounds = 20;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var alert in data)
            {
                classifier.Classify(alert);
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var count = (double)rounds * Math.Max(data.Length, 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"bench: {count:0} rule classifications, {elapsed.TotalMicroseconds / count:0.0} µs and {allocated / count:0} bytes allocated per alert (one thread)");
    }
}
