using System.Globalization;
using System.Text;
using Enrichment.Core.Classification;
using Enrichment.Evaluate.Replay;
using Enrichment.Evaluate.Scoring;

namespace Enrichment.Evaluate.Reporting;

/// <summary>The figures of an <see cref="Evaluation"/> as plain text, for a terminal or a pull request.</summary>
public static class TextReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="detail">The part whose per-class accuracy and confusion matrices are printed.</param>
    /// <param name="misses">The part whose wrong answers are listed, or null for none.</param>
    public static string Format(Evaluation evaluation, PartScore? detail = null, PartScore? misses = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        detail ??= evaluation.All;
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"file: {evaluation.Source} ({evaluation.All.Alerts} alerts: {evaluation.All.Category.Total} with an expected category, {evaluation.All.Severity.Total} with an expected severity)");
        text.AppendLine(Invariant, $"classifier: {evaluation.Classifier}");
        var split = evaluation.HeldBack.Alerts > 0;
        if (split)
        {
            text.AppendLine(Invariant, $"held back: the services whose FNV-1a bucket is below {evaluation.Split.Percent} ({evaluation.HeldBack.Services} services, {evaluation.HeldBack.Alerts} alerts)");
        }
        text.AppendLine();
        text.AppendLine("part        services  alerts  category          severity");
        foreach (var part in split ? new[] { evaluation.Tuning, evaluation.HeldBack, evaluation.All } : [evaluation.All])
        {
            text.AppendLine(Invariant, $"{part.Name,-10} {part.Services,9} {part.Alerts,7}  {Percent(part.Category),-16}  {Percent(part.Severity)}");
        }

        text.AppendLine();
        text.AppendLine(Invariant, $"Accuracy per category ({detail.Name}): of the alerts expected in it, the share answered so; precision: of those answered so, the share right");
        PerClass(text, detail.Category, c => c.ToWire());
        text.AppendLine();
        text.AppendLine(Invariant, $"Accuracy per severity ({detail.Name}):");
        PerClass(text, detail.Severity, s => s.ToWire());
        text.AppendLine();
        text.AppendLine(Invariant, $"Category confusion matrix ({detail.Name}; rows: expected, columns: answered):");
        Matrix(text, detail.Category, c => c.ToWire());
        text.AppendLine();
        text.AppendLine(Invariant, $"Severity confusion matrix ({detail.Name}):");
        Matrix(text, detail.Severity, s => s.ToWire());

        text.AppendLine();
        Usage(text, evaluation);

        if (misses is not null)
        {
            text.AppendLine();
            text.AppendLine(Invariant, $"Misses ({misses.Name}, {misses.Misses.Count}):");
            foreach (var miss in misses.Misses)
            {
                var expected = miss.Labelled;
                var actual = miss.Actual;
                var service = expected.Service.Length > 0 ? $" [{expected.Service}]" : "";
                text.AppendLine(
                    $"  line {expected.LineNumber}: {expected.AlertName}{service} expected {Wire(expected.ExpectedCategory)}/{Wire(expected.ExpectedSeverity)}, got {Wire(actual?.Category)}/{Wire(actual?.Severity)}" +
                    (actual is null ? " (no answer)" : $" ({actual.Source.ToString().ToLowerInvariant()}, {actual.Confidence:0.00}): {actual.Reasoning}"));
            }
        }
        return text.ToString();
    }

    private static void Usage(StringBuilder text, Evaluation evaluation)
    {
        var answers = evaluation.AnswersBySource.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value}");
        text.Append("answers: ").Append(string.Join(", ", answers));
        if (evaluation.DegradedReasons.Count > 0)
        {
            text.Append(" (the rules answered for: ").Append(string.Join(", ", evaluation.DegradedReasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"))).Append(')');
        }
        text.AppendLine();
        var usage = evaluation.Usage;
        if (usage.TotalRequests == 0)
        {
            text.AppendLine("model: no calls");
        }
        else
        {
            foreach (var model in usage.Requests.Keys.Select(k => (k.Provider, k.Model)).Distinct().OrderBy(k => k.Provider, StringComparer.Ordinal).ThenBy(k => k.Model, StringComparer.Ordinal))
            {
                var outcomes = usage.Requests.Where(r => r.Key.Provider == model.Provider && r.Key.Model == model.Model).OrderByDescending(r => r.Value).ToList();
                var input = usage.Tokens.GetValueOrDefault((model.Provider, model.Model, "input"));
                var output = usage.Tokens.GetValueOrDefault((model.Provider, model.Model, "output"));
                text.Append(Invariant, $"model {model.Provider}/{model.Model}: {outcomes.Sum(o => o.Value)} calls ({string.Join(", ", outcomes.Select(o => $"{o.Key.Outcome} {o.Value}"))}), tokens {input:N0} in / {output:N0} out");
                if (usage.Cost.TryGetValue(model, out var cost))
                {
                    text.Append(Invariant, $", cost {cost:0.####}");
                }
                text.AppendLine();
            }
            var perThousand = 1000.0 / Math.Max(evaluation.All.Alerts, 1);
            text.Append(Invariant, $"per 1,000 alerts: {usage.TotalRequests * perThousand:0.#} calls, {(usage.TotalTokens("input") + usage.TotalTokens("output")) * perThousand:N0} tokens");
            var totalCost = usage.Cost.Values.Sum();
            if (totalCost > 0)
            {
                text.Append(Invariant, $", cost {totalCost * perThousand:0.####}");
            }
            text.AppendLine();
            if (usage.Cost.Count > 0 && totalCost == 0)
            {
                text.AppendLine("cost: 0 — set LLM_PRICE_INPUT_PER_1K and LLM_PRICE_OUTPUT_PER_1K (LLM_<N>_… for a fallback) to see it");
            }
        }
        text.AppendLine(Invariant, $"elapsed: {evaluation.Elapsed.TotalSeconds:0.0} s");
    }

    private static string Percent<T>(ConfusionMatrix<T> matrix)
        where T : struct, Enum =>
        matrix.Total == 0 ? "—" : string.Create(Invariant, $"{matrix.Accuracy,7:P1} ({matrix.Correct,4})");

    private static void PerClass<T>(StringBuilder text, ConfusionMatrix<T> matrix, Func<T, string> wire)
        where T : struct, Enum
    {
        text.AppendLine("                  alerts   right  accuracy  precision");
        foreach (var value in matrix.Classes)
        {
            var expected = matrix.Expected(value);
            var precision = matrix.PrecisionOf(value);
            if (expected == 0 && precision is null)
            {
                continue;
            }
            var accuracy = matrix.AccuracyOf(value);
            text.AppendLine(Invariant,
                $"{wire(value),-16} {expected,7} {matrix.Count(value, value),7}  {(accuracy is { } a ? a.ToString("P1", Invariant) : "—"),8}  {(precision is { } p ? p.ToString("P1", Invariant) : "—"),9}");
        }
    }

    private static void Matrix<T>(StringBuilder text, ConfusionMatrix<T> matrix, Func<T, string> wire)
        where T : struct, Enum
    {
        var unanswered = matrix.Unanswered > 0;
        text.Append(Invariant, $"{"",-16}");
        foreach (var value in matrix.Classes)
        {
            var name = wire(value);
            text.Append(Invariant, $"{(name.Length <= 5 ? name : name[..5]),6}");
        }
        text.AppendLine(unanswered ? "  none   total" : "   total");
        foreach (var row in matrix.Classes)
        {
            var total = matrix.Expected(row);
            if (total == 0)
            {
                continue;
            }
            text.Append(Invariant, $"{wire(row),-16}");
            foreach (var column in matrix.Classes)
            {
                var count = matrix.Count(row, column);
                text.Append(Invariant, $"{(count == 0 ? "." : count.ToString(Invariant)),6}");
            }
            if (unanswered)
            {
                var none = matrix.Count(row, null);
                text.Append(Invariant, $"{(none == 0 ? "." : none.ToString(Invariant)),6}");
            }
            text.AppendLine(Invariant, $"{total,8}");
        }
    }

    private static string Wire(AlertCategory? category) => category?.ToWire() ?? "—";

    private static string Wire(Severity? severity) => severity?.ToWire() ?? "—";
}
