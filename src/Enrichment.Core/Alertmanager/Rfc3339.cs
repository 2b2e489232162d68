namespace Enrichment.Core.Alertmanager;

/// <summary>
/// Strict RFC 3339 timestamps (<c>2024-05-01T12:00:00.123Z</c>, <c>…+02:00</c>), read without
/// <see cref="DateTimeOffset.TryParse(string, out DateTimeOffset)"/>: .NET's ISO 8601 reader also takes
/// dates without a time or a zone, which Alertmanager refuses. Upper-case <c>T</c> and <c>Z</c> only,
/// seconds 00–59 (Go refuses lower case and leap seconds, so the gateway does too). Fractions of any
/// length are read to 100 ns. Instants outside .NET's range (before year 1, after year 9999) are refused
/// as a documented limit; Alertmanager would keep year 0000.
/// </summary>
public static class Rfc3339
{
    public enum Outcome
    {
        Valid,
        Malformed,
        OutOfRange,
    }

    public static Outcome TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !TryDigits(s[..4], out var year) || !TryDigits(s[5..7], out var month) || !TryDigits(s[8..10], out var day)
            || !TryDigits(s[11..13], out var hour) || !TryDigits(s[14..16], out var minute) || !TryDigits(s[17..19], out var second))
        {
            return Outcome.Malformed;
        }
        var rest = s[19..];
        long fractionTicks = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }
            if (digits == 1)
            {
                return Outcome.Malformed;
            }
            var fraction = rest[1..digits];
            for (var i = 0; i < 7; i++)
            {
                fractionTicks = fractionTicks * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
            }
            rest = rest[digits..];
        }
        if (!TryOffset(rest, out var offsetMinutes))
        {
            return Outcome.Malformed;
        }
        if (month is < 1 or > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return Outcome.Malformed;
        }
        // Year 0000 is a leap year in the proleptic calendar Go uses; 2000 stands in for it here.
        if (day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month))
        {
            return Outcome.Malformed;
        }
        if (year == 0)
        {
            return Outcome.OutOfRange;
        }

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var utcTicks = localTicks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return Outcome.OutOfRange;
        }
        // .NET keeps offsets up to ±14 h; RFC 3339 allows up to ±23:59. The instant is what matters.
        value = Math.Abs(offsetMinutes) <= 14 * 60
            ? new DateTimeOffset(localTicks, offset)
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return Outcome.Valid;
    }

    private static bool TryOffset(ReadOnlySpan<char> s, out int minutes)
    {
        minutes = 0;
        if (s is "Z")
        {
            return true;
        }
        if (s.Length != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':'
            || !TryDigits(s[1..3], out var hours) || !TryDigits(s[4..6], out var mins) || hours > 23 || mins > 59)
        {
            return false;
        }
        minutes = (s[0] == '-' ? -1 : 1) * (hours * 60 + mins);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
