namespace Enrichment.IntegrationTests.Faults;

/// <summary>
/// Fault tests run one at a time, after the parallel tests: they stop brokers and kill processes, and
/// their timing should not compete with the rest of the suite for the machine's two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "Faults";
}
