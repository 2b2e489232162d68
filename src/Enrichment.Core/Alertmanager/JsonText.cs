using System.Text.Json;

namespace Enrichment.Core.Alertmanager;

/// <summary>Reading strings out of a parsed document without letting odd input throw.</summary>
internal static class JsonText
{
    public const string UnpairedSurrogate =
        "holds an unpaired surrogate escape (\\uD800–\\uDFFF alone): not a Unicode character, so it cannot be stored as UTF-8";

    /// <summary>
    /// <see cref="JsonElement.GetString"/> throws on an escaped lone surrogate (<c>"\ud800"</c>); that is
    /// the input's fault and must become a 400, never a 500.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    /// <summary>A property's name, or false when it holds a lone surrogate escape.</summary>
    public static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    /// <summary>
    /// <see cref="JsonProperty.NameEquals(string)"/> and <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// throw when a name holds a lone surrogate escape; such a name equals no name of ours.
    /// </summary>
    public static bool NameIs(JsonProperty property, string name)
    {
        try
        {
            return property.NameEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The last property of that name, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds it, without its throw.</summary>
    public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var property in element.EnumerateObject())
        {
            if (NameIs(property, name))
            {
                value = property.Value;
                found = true;
            }
        }
        return found;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Keeps untrusted text short in answers.</summary>
    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
