using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Redis;

/// <summary>
/// A classification as stored in Redis: the event's own JSON shape, so that a key read with
/// <c>redis-cli GET</c> says what it holds. Unreadable values are misses, never errors: a value
/// written by another version must not fail a batch.
/// </summary>
public static class ClassificationCodec
{
    public static string Encode(AlertClassification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return JsonSerializer.Serialize(classification.ToData() with { Cache = CacheTier.None }, EnrichmentJson.Options);
    }

    public static AlertClassification? Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            var data = JsonSerializer.Deserialize<ClassificationData>(json, EnrichmentJson.Options);
            return data is null ? null : AlertClassification.FromData(data, CacheTier.L2);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
