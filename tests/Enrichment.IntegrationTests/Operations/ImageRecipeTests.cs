using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>
/// The image's recipe followed without a Docker engine: deploy/Dockerfile's build stage, given only what it copies from
/// the repository (less what .dockerignore leaves out), restores and publishes the host, and the runtime stage's
/// environment starts it. A file the build needs but the Dockerfile does not copy (the .editorconfig that decides which
/// analyzer findings fail the build, once) breaks <c>docker build</c> for every user while every other test passes.
/// </summary>
public class ImageRecipeTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task The_build_stage_publishes_from_what_it_copies_and_the_runtime_environment_starts_the_host()
    {
        var recipe = ImageRecipe.Read();
        var root = Directory.CreateTempSubdirectory("enrichment-image-");
        try
        {
            var source = Path.Combine(root.FullName, recipe.WorkingDirectory.TrimStart('/'));
            CopyContext(recipe, source);
            foreach (var command in recipe.DotnetCommands)
            {
                // Absolute paths of the container (the output, /app) land under the test's own folder.
                var arguments = command.Select((a, i) => i > 0 && command[i - 1] is "-o" or "--output" && a.StartsWith('/') ? root.FullName + a : a).ToList();
                var result = await ExternalTool.RunAsync("dotnet", [.. arguments, "-nodeReuse:false"], workingDirectory: source, timeout: BuildTimeout);
                Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', command)} failed in the image's build context:\n{Tail(result.Output)}");
            }

            var app = root.FullName + recipe.Publish[recipe.Publish.ToList().IndexOf("-o") + 1];
            using (var runtimeConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, "Enrichment.Host.runtimeconfig.json"))))
            {
                // The image's compilation (the Dockerfile's comment, docs/PERFORMANCE.md): tiering off in the runtime config,
                // nothing precompiled used at run time.
                Assert.False(runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.Runtime.TieredCompilation").GetBoolean());
            }
            Assert.Equal("0", recipe.Environment["DOTNET_ReadyToRun"]);

            var environment = recipe.Environment.Where(e => e.Key != "ASPNETCORE_URLS").ToDictionary(e => e.Key, e => e.Value);
            environment["ENRICHMENT_ROLES"] = "all";
            await using var host = await HostProcess.StartAsync(environment, dll: Path.Combine(app, "Enrichment.Host.dll"));
            using var ready = await host.Http.GetAsync("/health/ready");
            Assert.True(ready.IsSuccessStatusCode, $"/health/ready answered {(int)ready.StatusCode}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_recipe_reads_the_build_context_the_commands_and_the_runtime_environment()
    {
        var recipe = ImageRecipe.Read();

        Assert.Contains("src/", recipe.Context);
        Assert.Contains(".editorconfig", recipe.Context);
        Assert.Equal(["restore", "publish"], recipe.DotnetCommands.Select(c => c[0]));
        Assert.Contains("-p:TieredCompilation=false", recipe.Publish);
        Assert.Equal("all", recipe.Environment["ENRICHMENT_ROLES"]);
        Assert.Equal("0", recipe.Environment["DOTNET_gcServer"]);
    }

    /// <summary>What the build stage's COPY instructions take from the repository, without .dockerignore's folders.</summary>
    private static void CopyContext(ImageRecipe recipe, string destination)
    {
        var ignored = File.ReadAllLines(RepositoryPaths.Of(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Replace("**/", "", StringComparison.Ordinal).TrimEnd('/'))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var entry in recipe.Context)
        {
            var from = RepositoryPaths.Of(entry.TrimEnd('/'));
            var to = Path.Combine(destination, entry.TrimEnd('/'));
            if (Directory.Exists(from))
            {
                CopyDirectory(from, to, ignored);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to);
            }
        }
    }

    private static void CopyDirectory(string from, string to, HashSet<string> ignored)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.GetDirectories(from).Where(d => !ignored.Contains(Path.GetFileName(d))))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)), ignored);
        }
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));
}
