using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.History;

namespace Enrichment.Redis.History;

/// <summary>JSON of what history keeps in Redis, readable with <c>redis-cli</c>. Unreadable values are absent, never errors.</summary>
internal static class HistoryCodec
{
    private sealed record MemoJson(string Signature, long Start, string Novelty, bool Transient);

    public static string Encode(FiringMemo memo) =>
        JsonSerializer.Serialize(new MemoJson(memo.Signature, memo.StartMs, memo.Novelty.ToWire(), memo.Transient), EnrichmentJson.Options);

    public static FiringMemo? DecodeMemo(string fingerprint, string? json)
    {
        var memo = Decode<MemoJson>(json);
        return memo is not null && memo.Signature is { Length: > 0 } && Novelties.TryParse(memo.Novelty, out var novelty)
            ? new FiringMemo(fingerprint, memo.Signature, memo.Start, novelty, memo.Transient)
            : null;
    }

    public static string Encode(SignatureSample sample) => JsonSerializer.Serialize(sample, EnrichmentJson.Options);

    public static string Encode(VerdictSnapshot verdict) => JsonSerializer.Serialize(verdict, EnrichmentJson.Options);

    public static T? Decode<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json, EnrichmentJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
