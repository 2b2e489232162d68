using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>Turns the categories' scores into a verdict and a confidence.</summary>
internal static class CategoryRanking
{
    public const double MinConfidence = 0.35;
    public const double MaxConfidence = 0.95;
    public const double NoEvidenceConfidence = 0.2;

    public static readonly int CategoryCount = Enum.GetValues<AlertCategory>().Length;

    /// <summary>The best and second-best categories; ties go to the earlier category in taxonomy order.</summary>
    public static (AlertCategory Best, AlertCategory RunnerUp) Rank(ReadOnlySpan<double> scores)
    {
        var best = 0;
        var second = -1;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                second = best;
                best = i;
            }
            else if (second < 0 || scores[i] > scores[second])
            {
                second = i;
            }
        }
        return ((AlertCategory)best, (AlertCategory)Math.Max(second, 0));
    }

    /// <summary>
    /// Margin over the runner-up (0 when tied, 1 when unopposed), tempered by how much evidence there
    /// is at all (a lone weak word is not a certainty), mapped onto [0.35, 0.95].
    /// </summary>
    public static double Confidence(double best, double runnerUp)
    {
        if (best <= 0)
        {
            return NoEvidenceConfidence;
        }
        var margin = (best - runnerUp) / best;
        var strength = best / (best + 6.0);
        var confidence = MinConfidence + (MaxConfidence - MinConfidence) * margin * (0.4 + 0.6 * strength);
        return Math.Clamp(confidence, MinConfidence, MaxConfidence);
    }
}
