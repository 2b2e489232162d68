using Enrichment.Core.Alerts;

namespace Enrichment.Core.Tests.Alerts;

public class AlertFingerprintTests
{
    [Fact]
    public void Matches_the_contract_test_vector()
    {
        var labels = new Dictionary<string, string> { ["name"] = "garland, briggs", ["fear"] = "love is not enough" };

        Assert.Equal("507a62d79ee76c9a", AlertFingerprint.Compute(labels));
    }

    [Fact]
    public void Does_not_depend_on_label_order()
    {
        var a = new Dictionary<string, string> { ["alertname"] = "X", ["instance"] = "h1", ["job"] = "node" };
        var b = new Dictionary<string, string> { ["job"] = "node", ["instance"] = "h1", ["alertname"] = "X" };

        Assert.Equal(AlertFingerprint.Compute(a), AlertFingerprint.Compute(b));
    }

    [Fact]
    public void Separators_keep_name_and_value_boundaries_apart()
    {
        // Without the 0xFF separators these two label sets would hash the same bytes.
        var a = new Dictionary<string, string> { ["ab"] = "c" };
        var b = new Dictionary<string, string> { ["a"] = "bc" };

        Assert.NotEqual(AlertFingerprint.Compute(a), AlertFingerprint.Compute(b));
    }

    [Fact]
    public void Empty_label_set_is_the_fnv_offset_basis()
    {
        Assert.Equal("cbf29ce484222325", AlertFingerprint.Compute(new Dictionary<string, string>()));
    }

    [Fact]
    public void Hashes_long_and_non_ascii_values()
    {
        var labels = new Dictionary<string, string> { ["alertname"] = new string('é', 1000), ["zone"] = "東京" };

        Assert.Matches("^[0-9a-f]{16}$", AlertFingerprint.Compute(labels));
    }
}
