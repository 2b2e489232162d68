using System.Globalization;
using System.Text;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>The reasoning of a rule verdict: the words that decided the category, per field, and the basis of the severity.</summary>
internal static class RuleReasoning
{
    private const int WordsPerField = 4;

    public static string Explain(ReadOnlySpan<EvidenceHit> hits, ReadOnlySpan<double> scores, AlertCategory category, AlertCategory runnerUp, bool hasEvidence, string? ruleNote, string severityBasis)
    {
        var builder = new StringBuilder(160);
        var wire = category.ToWire();
        if (!hasEvidence)
        {
            builder.Append("no known words in the alert's name, labels or annotations; ").Append(wire).Append(" by default");
        }
        else
        {
            var parts = 0;
            for (var field = 0; field < EvidenceFields.Count; field++)
            {
                var written = 0;
                foreach (ref readonly var hit in hits)
                {
                    if ((int)hit.Field != field || hit.Category != category)
                    {
                        continue;
                    }
                    if (written == WordsPerField)
                    {
                        builder.Append(",…");
                        break;
                    }
                    if (written == 0)
                    {
                        builder.Append(parts++ == 0 ? "" : "; ").Append(EvidenceFields.Names[field]).Append(field == (int)EvidenceField.AlertName ? " tokens " : " ");
                    }
                    else
                    {
                        builder.Append(',');
                    }
                    builder.Append('\'').Append(CategoryVocabulary.TermText(hit.TermId)).Append('\'');
                    written++;
                }
            }
            builder.Append(" → ").Append(wire);
            builder.Append(CultureInfo.InvariantCulture, $" (score {scores[(int)category]:0.#}");
            if (scores[(int)runnerUp] > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"; runner-up {runnerUp.ToWire()} {scores[(int)runnerUp]:0.#}");
            }
            builder.Append(')');
            if (ruleNote is not null)
            {
                builder.Append("; ").Append(ruleNote);
            }
        }
        builder.Append(". Severity: ").Append(severityBasis).Append('.');
        return builder.ToString();
    }
}
