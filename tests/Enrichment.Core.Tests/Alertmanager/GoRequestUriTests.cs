using Enrichment.Core.Alertmanager;

namespace Enrichment.Core.Tests.Alertmanager;

/// <summary>Each case was posted as a <c>generatorURL</c> to Alertmanager 0.25 and answered as marked.</summary>
public class GoRequestUriTests
{
    [Theory]
    [InlineData("http://prometheus:9090/graph?g0.expr=up")]
    [InlineData("mailto:a@b")]
    [InlineData("urn:isbn:1")]
    [InlineData("http://x/a#b#c")]
    [InlineData("http:")]
    [InlineData("http://é.com/ü")]
    [InlineData("http://[::1]:9090/x")]
    [InlineData("/graph?x")]
    [InlineData("http://x/a b")]
    [InlineData("http://x/?%zz")]
    [InlineData("http://user:pa@ss@x/")]
    [InlineData("http://%C3%A9/")]
    [InlineData("http://[fe80::1%25en0]/")]
    [InlineData("//x/y")]
    [InlineData("a:b c")]
    [InlineData("*")]
    [InlineData("http://x:/")]
    [InlineData("HTTP://X/")]
    [InlineData("h+t-t.p://x")]
    [InlineData("http://x/\\")]
    [InlineData("http://x'/")]
    [InlineData("http://<x>/")]
    public void Takes_what_Alertmanager_takes(string url) => Assert.True(GoRequestUri.IsValid(url), url);

    [Theory]
    [InlineData("::not a uri")]
    [InlineData("http://a b")]
    [InlineData("foo")]
    [InlineData("graph?g0.expr=up")]
    [InlineData("http://x/%zz")]
    [InlineData("http://x/\u0001")]
    [InlineData("http://x/\u007f")]
    [InlineData(":x")]
    [InlineData("http://x:abc/")]
    [InlineData("1http://x/")]
    [InlineData("http://x#frag")]
    [InlineData("http://u ser@x/")]
    [InlineData("http://[::1")]
    [InlineData("http://%41/")]
    [InlineData("http://x/%2")]
    [InlineData("http://ü@x/")]
    [InlineData("http://x{y}/")]
    [InlineData("http://x\\y/")]
    public void Refuses_what_Alertmanager_refuses(string url) => Assert.False(GoRequestUri.IsValid(url), url);
}
