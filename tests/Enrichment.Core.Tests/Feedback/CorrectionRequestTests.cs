using System.Text;
using Enrichment.Core.Feedback;

namespace Enrichment.Core.Tests.Feedback;

public class CorrectionRequestTests
{
    private static (CorrectionRequest? Request, string? Field, string? Problem) Parse(string json) => CorrectionRequest.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_fingerprint_with_a_severity_category_and_note_is_taken_and_normalised()
    {
        var (request, field, _) = Parse("""{"fingerprint":"507a62d79ee76c9a","severity":"Page","category":"NETWORK","note":" nightly job ","extra":1}""");

        Assert.Null(field);
        Assert.Equal(new CorrectionRequest("507a62d79ee76c9a", null, "critical", "network", "nightly job"), request);
    }

    [Theory]
    [InlineData("""[1]""", "$")]
    [InlineData("""{"fingerprint":""", "$")]
    [InlineData("""{"severity":"info"}""", "fingerprint")]
    [InlineData("""{"fingerprint":"a","signature":"0123456789abcdef0123456789abcdef","severity":"info"}""", "fingerprint")]
    [InlineData("""{"fingerprint":7,"severity":"info"}""", "fingerprint")]
    [InlineData("""{"signature":"0123456789ABCDEF0123456789ABCDEF","severity":"info"}""", "signature")]
    [InlineData("""{"signature":"0123","severity":"info"}""", "signature")]
    [InlineData("""{"fingerprint":"a","note":"only a note"}""", "severity")]
    [InlineData("""{"fingerprint":"a","severity":"urgent"}""", "severity")]
    [InlineData("""{"fingerprint":"a","category":"kubernetes"}""", "category")]
    public void A_bad_correction_names_its_field(string json, string field)
    {
        var (request, named, problem) = Parse(json);

        Assert.Null(request);
        Assert.Equal(field, named);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Notes_and_fingerprints_are_bounded()
    {
        Assert.Equal("note", Parse($$"""{"fingerprint":"a","severity":"info","note":"{{new string('x', 1001)}}"}""").Field);
        Assert.Equal("fingerprint", Parse($$"""{"fingerprint":"{{new string('f', 257)}}","severity":"info"}""").Field);
        Assert.NotNull(Parse($$"""{"fingerprint":"a","severity":"info","note":"{{new string('x', 1000)}}"}""").Request);
    }
}
