using DotNet.Testcontainers.Configurations;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Whether a Docker daemon answers, found the way Testcontainers finds it.</summary>
public static class DockerProbe
{
    /// <summary>
    /// Testcontainers' own endpoint discovery (DOCKER_HOST, <c>~/.testcontainers.properties</c>, the Docker
    /// context, Docker Desktop's sockets) pings each candidate and keeps none that does not answer. Without a
    /// socket it returns at once, so a machine without Docker fails the suite at once rather than after timeouts.
    /// </summary>
    public static bool Answers()
    {
        try
        {
            return TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
        }
        catch (Exception)
        {
            // A malformed DOCKER_HOST or properties file: no daemon to use. The failure message says what to do.
            return false;
        }
    }
}
