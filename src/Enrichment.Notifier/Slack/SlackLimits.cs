namespace Enrichment.Notifier.Slack;

/// <summary>
/// Slack's documented limits for what this notifier sends (Block Kit reference and the
/// "Truncating really long messages" changelog). Over a block limit Slack rejects the whole message
/// with <c>invalid_blocks</c>, so every text is cut to fit before sending.
/// </summary>
public static class SlackLimits
{
    /// <summary>Top-level <c>text</c>: truncated by Slack past 40,000 characters; it is only the notification fallback, so kept short.</summary>
    public const int FallbackText = 3000;

    /// <summary>A header block's <c>plain_text</c>.</summary>
    public const int HeaderText = 150;

    /// <summary>A section block's <c>text</c>, and any text object in a context block.</summary>
    public const int SectionText = 3000;

    /// <summary>Each text object in a section's <c>fields</c>.</summary>
    public const int FieldText = 2000;

    /// <summary>Items in a section's <c>fields</c>.</summary>
    public const int Fields = 10;

    /// <summary>Elements in a context block.</summary>
    public const int ContextElements = 10;

    /// <summary>Blocks in one message.</summary>
    public const int Blocks = 50;
}
