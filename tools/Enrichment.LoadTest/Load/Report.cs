using System.Globalization;

namespace Enrichment.LoadTest.Load;

/// <summary>The figures, one per line on stdout (progress and service logs go to stderr).</summary>
public static class Report
{
    public static void Line(FormattableString text) => Console.Out.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    public static void Progress(FormattableString text) => Console.Error.WriteLine("# " + text.ToString(CultureInfo.InvariantCulture));
}
