namespace Enrichment.Host.Composition;

/// <summary>
/// Which roles this process runs (<c>ENRICHMENT_ROLES</c>, comma-separated, default <c>all</c>):
/// one binary, roles chosen by configuration, the way Loki and Mimir run with <c>-target=</c>.
/// </summary>
public sealed record EnrichmentRoles(bool Gateway, bool Worker, bool Notifier)
{
    public bool All => Gateway && Worker && Notifier;

    public static EnrichmentRoles Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new(true, true, true);
        }
        bool gateway = false, worker = false, notifier = false;
        foreach (var role in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (role.ToLowerInvariant())
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

    public override string ToString() =>
        All ? "all" : string.Join(",", new[] { Gateway ? "gateway" : null, Worker ? "worker" : null, Notifier ? "notifier" : null }.OfType<string>());
}
