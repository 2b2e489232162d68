using Enrichment.Core.Alertmanager;

namespace Enrichment.Core.Tests.Alertmanager;

public class LabelNamesTests
{
    [Theory]
    [InlineData("alertname", true)]
    [InlineData("_", true)]
    [InlineData("__name__", true)]
    [InlineData("Env", true)]
    [InlineData("a1", true)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    [InlineData("a-b", false)]
    [InlineData("a.b", false)]
    [InlineData("é", false)]
    [InlineData("a b", false)]
    public void Match_Alertmanagers_rule(string name, bool valid) => Assert.Equal(valid, LabelNames.IsValid(name));
}
