using Enrichment.Evaluate;

// dotnet run -c Release --project tools/Enrichment.Evaluate -- [FILE.jsonl ...] [--rules] [--held-back 25] [--misses]
// Replays labelled alerts through the configured classifier (LLM_* as the worker reads them; the rules
// without a model) and prints accuracy, confusion matrices, model calls, tokens and cost. See --help,
// docs/CLASSIFICATION.md and docs/BYK_LLM_GUIDE.md.
// dotnet run -c Release --project tools/Enrichment.Evaluate -- incidents [DIRECTORY] [--show NAME]
// Replays the labelled incident storms (tests/data/incidents) and prints grouping and root-cause figures: docs/INCIDENTS.md.
if (args.Length > 0 && args[0] == "incidents")
{
    return await Enrichment.Evaluate.Incidents.IncidentsCommand.RunAsync(args[1..]);
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await EvaluateCommand.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancel.Token);
