namespace Enrichment.ServiceDefaults.Security;

/// <summary>The <c>Admin</c> section's access rule (the token itself is <see cref="TokenOptions"/>).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// <c>ADMIN_ALLOW_LOOPBACK</c>: without <c>ADMIN_AUTH_TOKEN</c>, admin routes answer requests from loopback. Turn it off
    /// wherever loopback is not "this machine's operator": behind a sidecar proxy (Istio's connects from 127.0.0.6) every
    /// request arrives from loopback.
    /// </summary>
    public bool AllowLoopback { get; set; } = true;
}
