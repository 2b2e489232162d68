using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Core.Incidents;

/// <summary>The book as stored: compact JSON. An unreadable stored book (another version's, or damaged) starts a new one.</summary>
public static class IncidentBookCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Encode(IncidentBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return JsonSerializer.SerializeToUtf8Bytes(book, Json);
    }

    public static IncidentBook Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.IsEmpty)
        {
            return new IncidentBook();
        }
        try
        {
            return JsonSerializer.Deserialize<IncidentBook>(stored, Json) ?? new IncidentBook();
        }
        catch (JsonException)
        {
            return new IncidentBook();
        }
    }
}
