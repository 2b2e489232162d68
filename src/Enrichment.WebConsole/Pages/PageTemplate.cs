using System.Text.Encodings.Web;

namespace Enrichment.WebConsole.Pages;

/// <summary>
/// The two server-rendered pages (login, and a notice when the console is closed) are templates with <c>{{name}}</c> holes;
/// every value is HTML-encoded, and none comes from an alert.
/// </summary>
internal static class PageTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var html = template;
        foreach (var (name, value) in values)
        {
            html = html.Replace("{{" + name + "}}", HtmlEncoder.Default.Encode(value), StringComparison.Ordinal);
        }
        return html;
    }
}
