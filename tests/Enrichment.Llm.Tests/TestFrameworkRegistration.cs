// Removes the containers the run started after its last test (see ServicesTestFramework, linked from the integration suite).
[assembly: TestFramework("Enrichment.IntegrationTests.Infrastructure.ServicesTestFramework", "Enrichment.Llm.Tests")]
