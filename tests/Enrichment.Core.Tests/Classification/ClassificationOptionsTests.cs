using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Classification;

/// <summary>The host validates these options at start with the data-annotation validator used here.</summary>
public class ClassificationOptionsTests
{
    [Theory]
    [InlineData("instance, severity", "severity")]
    [InlineData("alertname;pod", "alertname")]
    public void The_rule_name_and_severity_cannot_be_left_out_of_the_signature(string ignored, string named)
    {
        var result = new DataAnnotationValidateOptions<ClassificationOptions>(null).Validate(null, new ClassificationOptions { CacheIgnoreLabels = ignored });

        Assert.True(result.Failed);
        Assert.Contains("LLM_CACHE_IGNORE_LABELS", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new DataAnnotationValidateOptions<ClassificationOptions>(null).Validate(null, new ClassificationOptions()).Succeeded);
    }
}
