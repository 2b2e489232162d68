using Enrichment.Core;

namespace Enrichment.Host.Composition;

/// <summary>
/// Which roles this process runs (<c>ENRICHMENT_ROLES</c>, <see cref="EnrichmentOptions.Roles"/>, default <c>all</c>):
/// one binary, roles chosen by configuration, the way Loki and Mimir run with <c>-target=</c>.
/// </summary>
public sealed record EnrichmentRoles(bool Gateway, bool Worker, bool Notifier)
{
    public bool All => Gateway && Worker && Notifier;

    /// <summary>Whether this process reads or writes the mode: the gateway serves it, the worker applies it.</summary>
    public bool UsesMode => Gateway || Worker;

    /// <summary>The roles of validated options (<see cref="EnrichmentOptions"/> refuses unknown names).</summary>
    public static EnrichmentRoles From(EnrichmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool gateway = false, worker = false, notifier = false;
        foreach (var role in options.RoleList())
        {
            switch (role)
            {
                case "all": gateway = worker = notifier = true; break;
                case "gateway": gateway = true; break;
                case "worker": worker = true; break;
                case "notifier": notifier = true; break;
                default:
                    throw new InvalidOperationException($"ENRICHMENT_ROLES: unknown role '{role}'; use gateway, worker, notifier or all (comma-separated).");
            }
        }
        return new(gateway, worker, notifier);
    }

    public static EnrichmentRoles Parse(string? value) => From(new EnrichmentOptions { Roles = value ?? "" });

    public override string ToString() =>
        All ? "all" : string.Join(",", new[] { Gateway ? "gateway" : null, Worker ? "worker" : null, Notifier ? "notifier" : null }.OfType<string>());
}
