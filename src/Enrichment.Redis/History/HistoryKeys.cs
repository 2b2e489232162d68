using StackExchange.Redis;

namespace Enrichment.Redis.History;

/// <summary>
/// The keys of alert history under <c>REDIS_KEY_PREFIX</c>, each expiring 30 days after its signature (or
/// fingerprint) was last seen:
/// <list type="bullet">
/// <item><c>history:{signature}:firings</c> — sorted set, member <c>fingerprint|startMs</c>, score the start;</item>
/// <item><c>history:{signature}:resolutions</c> — sorted set, the same members, score the end;</item>
/// <item><c>history:{signature}:first</c> — when the signature was first seen (Unix ms);</item>
/// <item><c>history:{signature}:card</c> — hash: <c>sample</c> (its view) and <c>verdict</c> (its last verdict);</item>
/// <item><c>history-fingerprint:{fingerprint}</c> — the fingerprint's memo: signature, firing start, class.</item>
/// </list>
/// A member names a firing once, so a re-sent alert adds nothing (<c>ZADD NX</c>).
/// </summary>
internal sealed class HistoryKeys(string prefix)
{
    public RedisKey Firings(string signature) => prefix + "history:" + signature + ":firings";

    public RedisKey Resolutions(string signature) => prefix + "history:" + signature + ":resolutions";

    public RedisKey First(string signature) => prefix + "history:" + signature + ":first";

    public RedisKey Card(string signature) => prefix + "history:" + signature + ":card";

    public RedisKey Memo(string fingerprint) => prefix + "history-fingerprint:" + fingerprint;

    public static RedisValue Member(string fingerprint, long startMs) => fingerprint + "|" + startMs.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The fingerprint and start of a member; the fingerprint may itself hold <c>|</c>, the start never does.</summary>
    public static (string Fingerprint, long StartMs)? ParseMember(RedisValue member)
    {
        var text = member.ToString();
        var bar = text.LastIndexOf('|');
        return bar > 0 && long.TryParse(text.AsSpan(bar + 1), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var start)
            ? (text[..bar], start)
            : null;
    }
}
