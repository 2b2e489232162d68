using System.Globalization;
using Enrichment.Evaluate.Data;
using Enrichment.Evaluate.Replay;

namespace Enrichment.Evaluate;

/// <summary>The command line, parsed. A mistake is an <see cref="ArgumentException"/> whose message names the option.</summary>
public sealed record EvaluateArguments
{
    public const string Usage = """
        usage: Enrichment.Evaluate [FILE.jsonl ...] [options]

        Replays labelled alerts through the classifier the LLM_* variables configure (the rules when
        LLM_ENABLED is not true) and prints accuracy per category and severity, confusion matrices,
        model calls, tokens and cost. FILE defaults to the shared corpus (tests/data/corpus).

        A line is {"alert":{"labels","annotations","generatorURL"},"expected":{"category","severity"},
        "source":{"service"}} or flat: {"labels","annotations","generatorURL","category","severity"}.

          --rules               the rule-based classifier alone, whatever LLM_ENABLED says
          --held-back PERCENT   hold back the services whose hash bucket is below PERCENT (default 25,
                                the corpus's split); tuning and held-back parts are scored apart
          --part PART           per-class figures and matrices of tuning, held-back or all (default all)
          --misses [PART]       list the wrong answers of PART (default: the --part)
          --batch N             alerts per classification batch (default 100)
          --bench               time the rule-based classifier over the file
        """;

    public IReadOnlyList<string> Files { get; init; } = [];

    public bool RulesOnly { get; init; }

    public int HeldBackPercent { get; init; } = HeldBackSplit.CorpusPercent;

    public string Part { get; init; } = "all";

    public string? MissesOf { get; init; }

    public int BatchSize { get; init; } = Replayer.DefaultBatchSize;

    public bool Bench { get; init; }

    public bool Help { get; init; }

    private static readonly string[] Parts = ["tuning", "held-back", "all"];

    public static EvaluateArguments Parse(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        var parsed = new EvaluateArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{arg} needs a value");
            parsed = arg switch
            {
                "-h" or "--help" => parsed with { Help = true },
                "--rules" => parsed with { RulesOnly = true },
                "--bench" => parsed with { Bench = true },
                "--held-back" => parsed with { HeldBackPercent = Number(arg, Value(), 0, 100) },
                "--batch" => parsed with { BatchSize = Number(arg, Value(), 1, 10_000) },
                "--part" => parsed with { Part = PartName(arg, Value()) },
                "--misses" => parsed with
                {
                    MissesOf = i + 1 < args.Count && Parts.Contains(args[i + 1]) ? args[++i] : "",
                },
                _ when arg.StartsWith("--", StringComparison.Ordinal) => throw new ArgumentException($"unknown option {arg}"),
                _ => AddFile(parsed, files, arg),
            };
        }
        return parsed with
        {
            Files = files,
            // "--misses" alone lists the misses of the part shown.
            MissesOf = parsed.MissesOf is "" ? parsed.Part : parsed.MissesOf,
        };
    }

    private static EvaluateArguments AddFile(EvaluateArguments parsed, List<string> files, string file)
    {
        files.Add(file);
        return parsed;
    }

    private static int Number(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max}, not '{value}'");

    private static string PartName(string option, string value) =>
        Parts.Contains(value) ? value : throw new ArgumentException($"{option} must be one of {string.Join(", ", Parts)}, not '{value}'");
}
