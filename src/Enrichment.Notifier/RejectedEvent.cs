namespace Enrichment.Notifier;

/// <summary>An event of a batch that the target refused for good while it took the others.</summary>
/// <param name="Index">Its position in the batch.</param>
/// <param name="Reason">The target's answer, for the error queue's fault headers and the log (no secrets).</param>
public sealed record RejectedEvent(int Index, string Reason);
