// Removes the containers the run started after its last test (see ServicesTestFramework).
[assembly: TestFramework("Enrichment.IntegrationTests.Infrastructure.ServicesTestFramework", "Enrichment.IntegrationTests")]
