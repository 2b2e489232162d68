namespace Enrichment.Evaluate.Scoring;

/// <summary>
/// Counts of expected (rows) against predicted (columns) over a fixed list of classes, plus a last column
/// for alerts that got no answer at all (the model failed with <c>LLM_ENABLE_FALLBACK=false</c>).
/// </summary>
public sealed class ConfusionMatrix<T>(IReadOnlyList<T> classes)
    where T : struct, Enum
{
    private readonly int[,] _counts = new int[classes.Count, classes.Count + 1];

    public IReadOnlyList<T> Classes { get; } = classes;

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public void Add(T expected, T? predicted)
    {
        var row = Index(expected);
        var column = predicted is { } value ? Index(value) : Classes.Count;
        _counts[row, column]++;
        Total++;
        if (column == row)
        {
            Correct++;
        }
    }

    /// <summary>How many alerts expected as <paramref name="expected"/> were answered <paramref name="predicted"/> (null: no answer).</summary>
    public int Count(T expected, T? predicted) => _counts[Index(expected), predicted is { } value ? Index(value) : Classes.Count];

    /// <summary>Alerts expected as this class.</summary>
    public int Expected(T expected)
    {
        var row = Index(expected);
        var sum = 0;
        for (var column = 0; column <= Classes.Count; column++)
        {
            sum += _counts[row, column];
        }
        return sum;
    }

    /// <summary>Alerts answered as this class.</summary>
    public int Predicted(T predicted)
    {
        var column = Index(predicted);
        var sum = 0;
        for (var row = 0; row < Classes.Count; row++)
        {
            sum += _counts[row, column];
        }
        return sum;
    }

    /// <summary>Share of the alerts expected as this class that were answered so (recall); null when none were expected.</summary>
    public double? AccuracyOf(T expected) => Expected(expected) is var n and > 0 ? (double)Count(expected, expected) / n : null;

    /// <summary>Share of the alerts answered as this class that were right; null when none were answered so.</summary>
    public double? PrecisionOf(T predicted) => Predicted(predicted) is var n and > 0 ? (double)Count(predicted, predicted) / n : null;

    /// <summary>Alerts that got no answer.</summary>
    public int Unanswered
    {
        get
        {
            var sum = 0;
            for (var row = 0; row < Classes.Count; row++)
            {
                sum += _counts[row, Classes.Count];
            }
            return sum;
        }
    }

    private int Index(T value)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(Classes[i], value))
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, "not one of the matrix's classes");
    }
}
