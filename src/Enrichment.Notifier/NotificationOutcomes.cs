namespace Enrichment.Notifier;

/// <summary>The <c>outcome</c> label of <c>enrichment_notifications_total</c>.</summary>
public static class NotificationOutcomes
{
    /// <summary>The target took the event.</summary>
    public const string Success = "success";

    /// <summary>An attempt failed; it is retried, then the event goes to the target's error queue.</summary>
    public const string Failure = "failure";

    /// <summary>Not delivered: the same alert, status and mode went to this target within <c>NOTIFIER_DEDUP_WINDOW</c>.</summary>
    public const string Suppressed = "suppressed";
}
