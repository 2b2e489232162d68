using System.ComponentModel.DataAnnotations;

namespace Enrichment.Core.Feedback;

/// <summary>
/// The <c>Feedback</c> section (<c>FEEDBACK_*</c> variables): corrections on-call people make to verdicts. The token
/// (<c>FEEDBACK_AUTH_TOKEN</c>, <c>FEEDBACK_AUTH_TOKEN_FILE</c>) is bound with the other tokens. See docs/MEMORY.md.
/// </summary>
public sealed class FeedbackOptions : IValidatableObject
{
    public const string Section = "Feedback";

    /// <summary>Longest note a correction may carry, in characters.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>
    /// <c>FEEDBACK_EXAMPLES</c>: the most recent corrections shown to the model as examples in every prompt; <c>0</c>
    /// shows none. Which corrections are shown is part of the classification cache key.
    /// </summary>
    [Range(0, 50, ErrorMessage = "FEEDBACK_EXAMPLES must be between 0 and 50.")]
    public int Examples { get; set; } = 5;

    /// <summary><c>FEEDBACK_POLL_INTERVAL</c>: how often a worker re-reads the corrections in force (a change applies within it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "FEEDBACK_POLL_INTERVAL must be between 50ms and 10s.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// <c>FEEDBACK_URL</c>: the gateway's address as on-call people reach it (e.g. <c>https://enrichment.example.com</c>),
    /// used in the correction command that Slack messages and Alertmanager annotations carry. Unset: the command
    /// reads it from the shell variable <c>$ENRICHMENT_URL</c>.
    /// </summary>
    public string? Url { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Url) && !FeedbackLink.IsSafeUrl(Url))
        {
            // Shown to everyone who reads an alert, and pasted into shells: no credentials, no query, no shell metacharacters.
            yield return new ValidationResult(
                "FEEDBACK_URL must be an http(s) URL of host, optional port and plain path (no user info, query or quotes), e.g. https://enrichment.example.com.",
                [nameof(Url)]);
        }
    }
}
