using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Enrichment.WebConsole.Pages;

/// <summary>The console's files, read once from the assembly's embedded resources (<c>Assets/</c>).</summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[Prefix.Length..];
            var bytes = copy.ToArray();
            var tag = $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"";
            assets[name] = new Asset(bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"), tag);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Asset? Find(string name) => _assets.GetValueOrDefault(name);

    public string Text(string name) => Encoding.UTF8.GetString(Find(name)?.Bytes ?? throw new InvalidOperationException($"console asset {name} is not embedded"));

    internal sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
