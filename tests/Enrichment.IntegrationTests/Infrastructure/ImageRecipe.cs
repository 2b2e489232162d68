namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// <c>deploy/Dockerfile</c> read as the recipe it is, for a machine without a Docker engine: what the build stage copies
/// from the repository, the <c>dotnet</c> commands it runs, and the environment the runtime stage sets. The suite follows
/// the recipe in a folder of its own (<c>ImageRecipeTests</c>), and the load tool publishes and runs the host by it, so
/// that neither keeps a second copy of how the image is made. Reads the subset of the format the file uses: <c>FROM</c>,
/// <c>COPY</c> without <c>--from</c>, <c>RUN</c>, <c>ENV</c> with <c>KEY=value</c> pairs, lines continued with a backslash.
/// </summary>
public sealed class ImageRecipe
{
    /// <summary>Files and folders the build stage copies from the build context, as written (relative to the repository).</summary>
    public required IReadOnlyList<string> Context { get; init; }

    /// <summary>The build stage's <c>RUN dotnet …</c> commands, each as its arguments after <c>dotnet</c>, in order.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> DotnetCommands { get; init; }

    /// <summary>The build stage's working directory, where its commands run and its relative paths start.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>What the runtime (last) stage sets with <c>ENV</c>.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The arguments of the build stage's <c>dotnet publish</c>.</summary>
    public IReadOnlyList<string> Publish => DotnetCommands.Single(c => c.Count > 0 && c[0] == "publish");

    public static ImageRecipe Read() => Read(RepositoryPaths.Of("deploy", "Dockerfile"));

    public static ImageRecipe Read(string dockerfile)
    {
        var stages = new List<List<string[]>>();
        foreach (var instruction in Instructions(File.ReadAllLines(dockerfile)))
        {
            var words = instruction.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                stages.Add([]);
            }
            else if (stages.Count == 0)
            {
                throw new InvalidOperationException($"{dockerfile}: {words[0]} before the first FROM");
            }
            stages[^1].Add(words);
        }
        if (stages.Count < 2)
        {
            throw new InvalidOperationException($"{dockerfile}: expected a build stage and a runtime stage, found {stages.Count}");
        }
        var build = stages[0];
        return new ImageRecipe
        {
            Context = build.Where(w => Is(w, "COPY") && !w[1].StartsWith("--", StringComparison.Ordinal)).SelectMany(w => w[1..^1]).ToList(),
            DotnetCommands = build.Where(w => Is(w, "RUN") && w[1] == "dotnet").Select(w => (IReadOnlyList<string>)w[2..]).ToList(),
            WorkingDirectory = build.LastOrDefault(w => Is(w, "WORKDIR"))?[1] ?? "/",
            Environment = stages[^1].Where(w => Is(w, "ENV")).SelectMany(w => w[1..])
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal),
        };
    }

    private static bool Is(string[] words, string instruction) => words[0].Equals(instruction, StringComparison.OrdinalIgnoreCase) && words.Length > 1;

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static IEnumerable<string> Instructions(IEnumerable<string> lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            yield return current + line;
            current = "";
        }
        if (current.Length > 0)
        {
            yield return current;
        }
    }
}
