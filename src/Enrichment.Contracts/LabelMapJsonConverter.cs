using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Contracts;

/// <summary>
/// Labels and annotations on the wire: a JSON object of strings, read into an <em>ordinal</em> (case-sensitive)
/// dictionary and written with its names untouched. Put on the properties themselves, because a property's
/// converter wins over every converter in the serializer options: MassTransit's System.Text.Json serializer
/// registers a factory that reads any string-keyed dictionary into a case-insensitive one, so <c>env</c> and
/// <c>Env</c> made it throw on the worker, after the gateway had already answered 2xx. With this converter
/// the bus, the notifiers and the events agree on what a label set is, whatever options they serialize with
/// (a naming policy for dictionary keys is ignored too: label names are data, not property names).
/// </summary>
public sealed class LabelMapJsonConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"a label set must be a JSON object, not {reader.TokenType}");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"the value of label \"{name}\" must be a string");
            }
            map[name] = reader.GetString()!;
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value)
        {
            writer.WritePropertyName(name);
            writer.WriteStringValue(text);
        }
        writer.WriteEndObject();
    }
}
