using Enrichment.Core.Alertmanager;
using Enrichment.Core.Alerts;

namespace Enrichment.Core.Tests.Alertmanager;

public class Rfc3339Tests
{
    [Theory]
    [InlineData("2024-05-01T12:00:00Z", "2024-05-01T12:00:00.0000000+00:00")]
    [InlineData("2024-05-01T12:00:00.123456789012Z", "2024-05-01T12:00:00.1234567+00:00")]
    [InlineData("2024-05-01T12:00:00+05:30", "2024-05-01T12:00:00.0000000+05:30")]
    [InlineData("2024-05-01T12:00:00-00:00", "2024-05-01T12:00:00.0000000+00:00")]
    [InlineData("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.0000000+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    public void Reads_RFC_3339(string text, string expected)
    {
        Assert.Equal(Rfc3339.Outcome.Valid, Rfc3339.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Keeps_the_instant_of_an_offset_dotnet_cannot_hold()
    {
        Assert.Equal(Rfc3339.Outcome.Valid, Rfc3339.TryParse("2024-05-01T12:00:00+20:00", out var value));
        Assert.Equal(new DateTimeOffset(2024, 4, 30, 16, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01T12:00:00")]
    [InlineData("2024-05-01T12:00Z")]
    [InlineData("2024-05-01 12:00:00Z")]
    [InlineData("2024-05-01t12:00:00Z")]
    [InlineData("2024-05-01T12:00:00z")]
    [InlineData("2024-05-01T12:00:00.Z")]
    [InlineData("2024-05-01T12:00:00+0100")]
    [InlineData("2024-05-01T12:00:00+24:00")]
    [InlineData("2016-12-31T23:59:60Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("")]
    [InlineData("+2024-05-01T12:00:00Z")]
    public void Refuses_what_is_not_RFC_3339(string text) => Assert.Equal(Rfc3339.Outcome.Malformed, Rfc3339.TryParse(text, out _));

    [Theory]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public void Refuses_instants_outside_the_supported_range(string text) => Assert.Equal(Rfc3339.Outcome.OutOfRange, Rfc3339.TryParse(text, out _));

    [Fact]
    public void Knows_Gos_zero_time_as_unset()
    {
        Rfc3339.TryParse("0001-01-01T00:00:00.000Z", out var zero);
        Assert.False(AlertTime.IsSet(zero));
    }
}
