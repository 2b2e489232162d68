using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Alertmanager;

namespace Enrichment.Gateway;

/// <summary>The <c>Gateway</c> section (<c>GATEWAY_*</c> variables).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary><c>GATEWAY_MAX_BODY_BYTES</c>: larger bodies get 413.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary><c>GATEWAY_MAX_ALERTS_PER_REQUEST</c>.</summary>
    [Range(1, 100_000)]
    public int MaxAlertsPerRequest { get; set; } = 5000;

    /// <summary><c>GATEWAY_MAX_VALUE_LENGTH</c>: characters in one label or annotation.</summary>
    [Range(64, 1024 * 1024)]
    public int MaxValueLength { get; set; } = 16 * 1024;

    /// <summary>
    /// <c>GATEWAY_PUBLISH_TIMEOUT</c>: how long a request waits for the broker's confirms before it
    /// answers 503 (Alertmanager then retries). Below Alertmanager's 10 s webhook timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>GATEWAY_ALERTS_PER_MESSAGE</c>: alerts carried by one <c>AlertsReceived</c> message; a larger request is
    /// split. Bounds a message's size and how much one worker batch holds (docs/PERFORMANCE.md).
    /// </summary>
    [Range(1, 5000)]
    public int AlertsPerMessage { get; set; } = 100;

    public PayloadLimits Limits() => new() { MaxAlertsPerRequest = MaxAlertsPerRequest, MaxValueLength = MaxValueLength };
}
