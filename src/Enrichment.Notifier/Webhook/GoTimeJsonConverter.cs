using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Notifier.Webhook;

/// <summary>
/// Times as Alertmanager's Go encoder writes them (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC with
/// <c>Z</c>: <c>2026-11-25T08:00:00Z</c>, <c>2026-11-25T08:00:00.12Z</c>, and Go's zero time <c>0001-01-01T00:00:00Z</c>.
/// </summary>
public sealed class GoTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
    }
}
