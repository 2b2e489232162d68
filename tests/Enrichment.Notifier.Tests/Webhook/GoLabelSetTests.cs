using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Tests.Webhook;

/// <summary>Expected values are Go's own: <c>fmt.Sprintf("%q", v)</c> and <c>model.LabelSet.String()</c>.</summary>
public class GoLabelSetTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [InlineData("bell\u0001\u007f", "\"bell\\x01\\x7f\"")]
    [InlineData("café ☃ 日本", "\"café ☃ 日本\"")]
    [InlineData("sep\u2028", "\"sep\\u2028\"")]
    [InlineData("nbsp\u00a0", "\"nbsp\\u00a0\"")]
    public void Values_are_quoted_as_go_quotes_them(string value, string expected) =>
        Assert.Equal(expected, GoLabelSet.Quote(value));

    [Fact]
    public void A_label_set_is_written_sorted_with_comma_space()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = "node", ["alertname"] = "Up", ["Env"] = "x" };

        Assert.Equal("{Env=\"x\", alertname=\"Up\", job=\"node\"}", GoLabelSet.Format(labels));
        Assert.Equal("{}", GoLabelSet.Format(new Dictionary<string, string>()));
    }
}
