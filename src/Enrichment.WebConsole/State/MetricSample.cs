using System.Globalization;
using Prometheus;

namespace Enrichment.WebConsole.State;

/// <summary>One series of this process's own <c>/metrics</c>, as the exposition text names it.</summary>
internal sealed record Series(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name, "");
}

/// <summary>
/// The process's <c>enrichment_*</c> series at one moment, read from the same registry <c>/metrics</c> serves. Reading the
/// exposition rather than the code that counts keeps the console on the contract's metric names, whoever adds a metric.
/// </summary>
internal sealed record MetricSample(DateTimeOffset At, IReadOnlyList<Series> Series)
{
    public static async Task<MetricSample> TakeAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(buffer, cancellationToken);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        return Parse(at, await reader.ReadToEndAsync(cancellationToken));
    }

    public static MetricSample Parse(DateTimeOffset at, string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var series = new List<Series>();
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("enrichment_", StringComparison.Ordinal) || ParseLine(line) is not { } parsed)
            {
                continue;
            }
            series.Add(parsed);
        }
        return new MetricSample(at, series);
    }

    /// <summary>Sum of <paramref name="name"/> over the series that <paramref name="where"/> keeps.</summary>
    public double Sum(string name, Func<Series, bool>? where = null) =>
        Series.Where(s => s.Name == name && (where is null || where(s))).Sum(s => s.Value);

    public bool Has(string name) => Series.Any(s => s.Name == name);

    private static Series? ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.LastIndexOf(' ');
        if (space <= 0)
        {
            return null;
        }
        string name;
        if (brace > 0)
        {
            name = line[..brace];
            var close = line.LastIndexOf('}');
            if (close < brace)
            {
                return null;
            }
            ParseLabels(line[(brace + 1)..close], labels);
            space = line.IndexOf(' ', close);
        }
        else
        {
            name = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        }
        var value = line[(space + 1)..].Trim().Split(' ')[0];
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? new Series(name, labels, number) : null;
    }

    private static void ParseLabels(string text, Dictionary<string, string> labels)
    {
        var i = 0;
        while (i < text.Length)
        {
            var equals = text.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
            {
                return;
            }
            var key = text[i..equals].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            var j = equals + 2;
            for (; j < text.Length && text[j] != '"'; j++)
            {
                if (text[j] == '\\' && j + 1 < text.Length)
                {
                    j++;
                    value.Append(text[j] == 'n' ? '\n' : text[j]);
                }
                else
                {
                    value.Append(text[j]);
                }
            }
            labels[key] = value.ToString();
            i = j + 1;
        }
    }
}
