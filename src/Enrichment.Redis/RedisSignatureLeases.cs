using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Enrichment.Redis;

/// <summary>
/// Signature leases in Redis, beside L2: <c>REDIS_KEY_PREFIX</c> + <c>cls-lease:</c> + the cache key, holding the
/// claim's random token for <see cref="Ttl"/>. A batch claims all its keys in one script (atomic, so two workers
/// meeting one storm do not split its signatures between them and both pay), renews and releases them in one script
/// each (only leases carrying its token), and a waiter polls with one MGET of the answers and the leases together.
/// <para>
/// The TTL is short and renewed by the holder every third of it, rather than as long as the worst model call
/// (<c>LLM_TIMEOUT</c> × attempts plus backoff, minutes by default): a worker killed mid-call then holds up the
/// others' alerts of its signatures for one TTL, not minutes, while a live holder keeps its lease for as long as its
/// call runs. A missed renewal (a stalled process) costs at worst a second call.
/// </para>
/// </summary>
public sealed class RedisSignatureLeases : ISignatureLeases
{
    /// <summary>Ten seconds: renewed every 3.3 s, a holder survives a 6-second stall; a dead one is taken over after 10 s.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(10);

    /// <summary>50 ms: what a waiter adds to the holder's answer at most, at 20 MGETs a second per waiting batch.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(50);

    // KEYS: answer and lease key per signature, in pairs. ARGV: token, TTL in ms. Per pair: the answer when cached,
    // else 1 when the lease is now this claim's, else 0 (held elsewhere).
    private const string ClaimScript = """
        local out = {}
        for i = 1, #KEYS, 2 do
          local answer = redis.call('GET', KEYS[i])
          if answer then
            out[#out + 1] = answer
          elseif redis.call('SET', KEYS[i + 1], ARGV[1], 'NX', 'PX', ARGV[2]) then
            out[#out + 1] = 1
          else
            out[#out + 1] = 0
          end
        end
        return out
        """;

    // KEYS: lease keys. ARGV: token, TTL in ms (renew) or nothing (release). Only this claim's leases are touched.
    private const string RenewScript = """
        for i = 1, #KEYS do
          if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
        end
        return 0
        """;

    private const string ReleaseScript = """
        for i = 1, #KEYS do
          if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
        end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _answers;
    private readonly string _leases;

    public RedisSignatureLeases(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
        : this(redis, options, DefaultTtl, DefaultPollInterval)
    {
    }

    /// <summary>With another TTL and poll interval (tests).</summary>
    public RedisSignatureLeases(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeSpan ttl, TimeSpan pollInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(300));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _redis = redis;
        _answers = RedisClassificationCache.KeyPrefixOf(options.Value);
        _leases = options.Value.KeyPrefix + "cls-lease:";
        Ttl = ttl;
        PollInterval = pollInterval;
    }

    public TimeSpan Ttl { get; }

    public TimeSpan PollInterval { get; }

    public async ValueTask<LeaseClaim> ClaimAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var token = Guid.NewGuid().ToString("N");
        var ordered = keys.ToArray();
        var owned = new List<string>();
        var elsewhere = new List<string>();
        var answered = new Dictionary<string, AlertClassification>(StringComparer.Ordinal);
        if (ordered.Length == 0)
        {
            return new LeaseClaim(token, owned, elsewhere, answered);
        }
        RedisClassificationCache.ThrowIfDisconnected(_redis);
        var redisKeys = new RedisKey[ordered.Length * 2];
        for (var i = 0; i < ordered.Length; i++)
        {
            redisKeys[2 * i] = _answers + ordered[i];
            redisKeys[2 * i + 1] = _leases + ordered[i];
        }
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, redisKeys, [token, TtlMilliseconds]).WaitAsync(cancellationToken);
        var outcomes = (RedisResult[])result!;
        for (var i = 0; i < ordered.Length; i++)
        {
            var outcome = outcomes[i];
            if (outcome.Resp2Type == ResultType.Integer)
            {
                ((long)outcome == 1 ? owned : elsewhere).Add(ordered[i]);
            }
            else if (ClassificationCodec.Decode((string?)outcome) is { } classification)
            {
                answered[ordered[i]] = classification;
            }
            else
            {
                // A value another version wrote and this one cannot read is a miss: ask, as the cache would.
                owned.Add(ordered[i]);
            }
        }
        return new LeaseClaim(token, owned, elsewhere, answered);
    }

    public async ValueTask RenewAsync(string token, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }
        RedisClassificationCache.ThrowIfDisconnected(_redis);
        await _redis.GetDatabase().ScriptEvaluateAsync(RenewScript, LeaseKeys(keys), [token, TtlMilliseconds]).WaitAsync(cancellationToken);
    }

    public async ValueTask ReleaseAsync(string token, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }
        RedisClassificationCache.ThrowIfDisconnected(_redis);
        await _redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, LeaseKeys(keys), [token]).WaitAsync(cancellationToken);
    }

    public async ValueTask<LeasePoll> PollAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ordered = keys.ToArray();
        var answered = new Dictionary<string, AlertClassification>(StringComparer.Ordinal);
        var released = new List<string>();
        if (ordered.Length == 0)
        {
            return new LeasePoll(answered, released);
        }
        RedisClassificationCache.ThrowIfDisconnected(_redis);
        // One MGET, answers first then leases: one consistent look, since the holder writes the answer before it releases.
        var redisKeys = new RedisKey[ordered.Length * 2];
        for (var i = 0; i < ordered.Length; i++)
        {
            redisKeys[i] = _answers + ordered[i];
            redisKeys[ordered.Length + i] = _leases + ordered[i];
        }
        var values = await _redis.GetDatabase().StringGetAsync(redisKeys).WaitAsync(cancellationToken);
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ClassificationCodec.Decode(values[i]) is { } classification)
            {
                answered[ordered[i]] = classification;
            }
            else if (values[ordered.Length + i].IsNull)
            {
                released.Add(ordered[i]);
            }
        }
        return new LeasePoll(answered, released);
    }

    private long TtlMilliseconds => (long)Ttl.TotalMilliseconds;

    private RedisKey[] LeaseKeys(IReadOnlyCollection<string> keys) => keys.Select(k => (RedisKey)(_leases + k)).ToArray();
}
