using Enrichment.Core.Alerts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Tests.Alerts;

public class PlaceholdersTests
{
    private static readonly Dictionary<string, string> Web202 = new()
    {
        ["labels.instance"] = "web-202:9100",
        ["num1"] = "93",
    };

    [Theory]
    [InlineData("Disk {{num1}}% full on {{labels.instance}}", "Disk 93% full on web-202:9100")]
    [InlineData("on {{ labels.instance }}", "on web-202:9100")]
    [InlineData("on {{ $labels.instance }}", "on web-202:9100")]
    [InlineData("on {{.Labels.instance}}", "on web-202:9100")]
    [InlineData("at {{NUM1}}%", "at 93%")]
    [InlineData("no marks", "no marks")]
    public void Marks_are_rendered_with_the_alerts_own_values(string text, string rendered)
    {
        Assert.Equal(rendered, Placeholders.Render(text, Web202));
    }

    [Theory]
    [InlineData("on {{labels.pod}}")]
    [InlineData("{{num7}} pods")]
    [InlineData("{{ value }}")]
    [InlineData("{labels.instance}")]
    public void Marks_the_alert_has_no_value_for_stay_as_they_are(string text)
    {
        Assert.Equal(text, Placeholders.Render(text, Web202));
    }

    [Fact]
    public void A_value_is_never_read_again_for_marks()
    {
        var values = new Dictionary<string, string> { ["labels.instance"] = "{{num1}}", ["num1"] = "secret figure" };

        Assert.Equal("{{num1}} and secret figure", Placeholders.Render("{{labels.instance}} and {{num1}}", values));
    }

    [Fact]
    public void Text_without_a_mark_is_returned_as_it_is()
    {
        var text = "Disk almost full";

        Assert.Same(text, Placeholders.Render(text, Web202));
    }

    [Theory]
    [InlineData("{{labels.instance}}", "{ {labels.instance}}")]
    [InlineData("{{{x", "{ { {x")]
    [InlineData("{\u200b{x", "{\u200b {x")]
    [InlineData("{ {x} }", "{ {x} }")]
    [InlineData("{x}", "{x}")]
    public void Escaping_spaces_braces_apart(string text, string escaped)
    {
        Assert.Equal(escaped, Placeholders.Escape(text));
    }

    [Fact]
    public void An_answer_is_rendered_for_one_alert_in_every_text_it_holds()
    {
        var cached = new AlertClassification
        {
            Severity = Severity.Warning,
            Category = AlertCategory.Storage,
            Confidence = 0.8,
            Summary = "Disk {{num1}}% full on {{labels.instance}}",
            Reasoning = "{{labels.instance}} is filling up",
            Recommendations = ["Free space on {{labels.instance}}", "Check the volume"],
            Source = ClassificationSource.Llm,
        };

        var rendered = cached.RenderFor(Web202);

        Assert.Equal("Disk 93% full on web-202:9100", rendered.Summary);
        Assert.Equal("web-202:9100 is filling up", rendered.Reasoning);
        Assert.Equal(["Free space on web-202:9100", "Check the volume"], rendered.Recommendations);
        // The cached form keeps its marks for the next alert.
        Assert.Equal("Disk {{num1}}% full on {{labels.instance}}", cached.Summary);
        var plain = cached with { Summary = "s", Reasoning = "r", Recommendations = ["x"] };
        Assert.Same(plain, plain.RenderFor(Web202));
    }
}
