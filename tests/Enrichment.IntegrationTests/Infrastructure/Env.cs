namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Environment sets for host processes.</summary>
public static class Env
{
    /// <summary>A copy of <paramref name="common"/> with <paramref name="extra"/> added or replaced.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> common, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(common);
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        return environment;
    }
}
