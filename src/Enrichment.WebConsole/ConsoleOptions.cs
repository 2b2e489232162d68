using System.ComponentModel.DataAnnotations;

namespace Enrichment.WebConsole;

/// <summary>The console's settings, in the gateway's section (<c>GATEWAY_CONSOLE_*</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Gateway";

    /// <summary><c>GATEWAY_CONSOLE_ENABLED</c>: serve the console at <c>/ui</c>.</summary>
    public bool ConsoleEnabled { get; set; } = true;

    /// <summary><c>GATEWAY_CONSOLE_FEED_SIZE</c>: recent events kept for a page that opens late.</summary>
    [Range(10, 10_000, ErrorMessage = "GATEWAY_CONSOLE_FEED_SIZE must be between 10 and 10000.")]
    public int ConsoleFeedSize { get; set; } = 500;

    /// <summary><c>GATEWAY_CONSOLE_SESSION_LIFETIME</c>: how long a console sign-in lasts without use.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "GATEWAY_CONSOLE_SESSION_LIFETIME must be between 5m and 7 days.")]
    public TimeSpan ConsoleSessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
