using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Core.Incidents;

/// <summary>The book as stored: compact JSON. An unreadable stored book (another version's, or damaged) starts a new one.</summary>
public static class IncidentBookCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Defaults (false, 0, null) are left out: a book of thousands of members is read and written by every batch.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static byte[] Encode(IncidentBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return JsonSerializer.SerializeToUtf8Bytes(book, Json);
    }

    public static byte[] EncodeIncident(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return JsonSerializer.SerializeToUtf8Bytes(incident, Json);
    }

    /// <summary>
    /// The book's own fields, without its incidents (which a store may keep one by one), and the order of the incidents.
    /// </summary>
    public static byte[] EncodeFields(IncidentBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return JsonSerializer.SerializeToUtf8Bytes(new BookFields(book.PodHosts, book.PodHostOrder, book.Archived, book.Incidents.Select(i => i.Id).ToList()), Json);
    }

    /// <summary>A book holding the stored fields and no incidents yet, and the stored order of its incidents; null when unreadable.</summary>
    public static (IncidentBook Book, List<string> Order)? DecodeFields(byte[] stored)
    {
        try
        {
            var fields = JsonSerializer.Deserialize<BookFields>(stored, Json);
            if (fields is null)
            {
                return null;
            }
            var book = new IncidentBook { PodHosts = new Dictionary<string, string>(fields.PodHosts ?? [], StringComparer.Ordinal), PodHostOrder = fields.PodHostOrder ?? [], Archived = fields.Archived ?? [] };
            return (book, fields.Order ?? []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record BookFields(Dictionary<string, string>? PodHosts, List<string>? PodHostOrder, List<ArchivedIncident>? Archived, List<string>? Order);

    /// <summary>An archived incident; null when unreadable.</summary>
    public static IncidentState? DecodeIncident(byte[] stored)
    {
        try
        {
            return JsonSerializer.Deserialize<IncidentState>(stored, Json);
        }
        catch (JsonException)
        {
            return null;
        }
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
