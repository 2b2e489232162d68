namespace Enrichment.Core.Alerts;

/// <summary>
/// The PromQL expression in a Prometheus <c>generatorURL</c> (<c>…/graph?g0.expr=…&amp;g0.tab=1</c>): often the
/// best hint of what an alert measures, and the same for every alert of a rule.
/// </summary>
public static class GeneratorExpression
{
    private const string Parameter = "g0.expr";

    /// <summary>The expression, or null when the URL carries none. Takes absolute and relative URLs.</summary>
    public static string? Of(string? generatorUrl)
    {
        if (string.IsNullOrWhiteSpace(generatorUrl))
        {
            return null;
        }
        var query = generatorUrl.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }
        var fragment = generatorUrl.IndexOf('#', query);
        var parameters = generatorUrl[(query + 1)..(fragment < 0 ? generatorUrl.Length : fragment)];
        foreach (var part in parameters.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0] == Parameter)
            {
                return Uri.UnescapeDataString(pair[1].Replace('+', ' '));
            }
        }
        return null;
    }

    /// <summary>A relative URL carrying only <paramref name="expression"/>: what a signature's view keeps of a generator URL.</summary>
    public static string UrlFor(string expression) => "?" + Parameter + "=" + Uri.EscapeDataString(expression);
}
