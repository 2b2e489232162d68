using System.ComponentModel;
using System.Globalization;

namespace Enrichment.ServiceDefaults.Configuration;

/// <summary>
/// Lets every <see cref="TimeSpan"/> option take <c>30s</c>, <c>5m</c>, <c>24h</c>, <c>250ms</c>
/// as well as <c>hh:mm:ss</c>, as the contract promises. The configuration binder converts through
/// <see cref="TypeDescriptor"/>, so registering this converter once is the only hook it offers.
/// </summary>
public sealed class FlexibleTimeSpanConverter : TimeSpanConverter
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(FlexibleTimeSpanConverter)));
        }
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Parse(text) : base.ConvertFrom(context, culture, value);

    public static TimeSpan Parse(string text)
    {
        var value = text.Trim();
        if (TryParseWithUnit(value, out var parsed))
        {
            return parsed;
        }
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out parsed))
        {
            return parsed;
        }
        throw new FormatException($"'{text}' is not a duration: use 30s, 5m, 24h, 250ms or hh:mm:ss.");
    }

    private static bool TryParseWithUnit(string value, out TimeSpan result)
    {
        result = default;
        (string suffix, Func<double, TimeSpan> make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes),
            ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        ];
        foreach (var (suffix, make) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0)
            {
                result = make(amount);
                return true;
            }
        }
        return false;
    }
}
