using Enrichment.Core;
using Enrichment.ServiceDefaults.Security;
using Enrichment.WebConsole.Feed;
using Enrichment.WebConsole.Pages;
using Enrichment.WebConsole.Security;
using Enrichment.WebConsole.State;
using MassTransit;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.WebConsole;

/// <summary>
/// The web console at <c>/ui</c>, registered by the gateway role: pages and assets from this assembly, a live feed of the
/// enriched events, the service's state, and sign-in for the admin routes the page calls.
/// </summary>
public static class WebConsoleExtensions
{
    public static IHostApplicationBuilder AddWebConsole(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddValidatedOptions<ConsoleOptions>(ConsoleOptions.Section);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        // The feed's consumer is registered with the bus by the host whatever this says; it only ever fills memory.
        services.AddSingleton<EventFeed>();
        if (!options.ConsoleEnabled)
        {
            return builder;
        }
        services.AddSingleton<ConsoleAssets>();
        services.TryAddSingleton(new WatchedQueues([Contracts.MessagingTopology.AlertsQueue, Contracts.MessagingTopology.AlertsQueue + "_error"]));
        services.AddSingleton<QueueStats>();
        services.AddConsoleVitals();
        services.AddSingleton<IBrowserSessions, ConsoleSessions>();
        // Keys: in memory unless the host keeps them in Redis (shared by every gateway; see AddRedisDataProtectionKeys).
        services.AddDataProtection().SetApplicationName("enrichment-workers");
        services.AddOptions<KeyManagementOptions>().PostConfigure(o => o.XmlRepository ??= new MemoryKeyRing());
        // Data protection warns that keys are stored unencrypted: in memory, or in Redis as guarded as the mode (docs/SECURITY.md).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = ConsoleAuth.CsrfCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.HeaderName = ConsoleAuth.CsrfHeader;
            o.FormFieldName = ConsoleAuth.CsrfField;
            // Framing is refused by the console's own headers (frame-ancestors 'none', X-Frame-Options: DENY).
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddAuthentication().AddCookie(ConsoleAuth.Scheme, o =>
        {
            o.Cookie.Name = ConsoleAuth.SessionCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = options.ConsoleSessionLifetime;
            o.SlidingExpiration = true;
            o.LoginPath = "/ui/login";
            o.Events.OnValidatePrincipal = context =>
            {
                // Rotating ADMIN_AUTH_TOKEN ends every session signed in with the old one.
                var admin = context.HttpContext.RequestServices.GetRequiredKeyedService<TokenCheck>(AuthEndpointFilters.AdminKey);
                if (admin.Stamp is null || context.Principal?.FindFirst(ConsoleAuth.StampClaim)?.Value != admin.Stamp)
                {
                    context.RejectPrincipal();
                }
                return Task.CompletedTask;
            };
            // An API call is answered, never redirected to the login page.
            o.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        return builder;
    }

    /// <summary>For a worker whose gateway runs elsewhere: its model state, reported into Redis for the console.</summary>
    public static IServiceCollection AddConsoleVitalsReporter(this IServiceCollection services)
    {
        services.AddConsoleVitals();
        services.AddHostedService<VitalsReporter>();
        return services;
    }

    private static IServiceCollection AddConsoleVitals(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(d => d.ServiceType == typeof(MetricsHistory)))
        {
            return services;
        }
        services.AddSingleton<MetricsHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsHistory>());
        services.AddSingleton<VitalsBoard>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IBrowserSessions>() is not ConsoleSessions)
        {
            return endpoints;
        }
        // A group for the shared headers; routes carry their whole path, as the docs name them.
        var ui = endpoints.MapGroup("");
        ui.AddEndpointFilter(SecurityHeaders.FilterAsync);
        ui.MapConsolePages();
        ui.MapConsoleFeed();
        ui.MapConsoleState();
        return endpoints;
    }

    /// <summary>The feed's consumer; its endpoint is configured by <see cref="ConfigureConsoleFeedEndpoint{T}"/>, never by convention.</summary>
    public static IBusRegistrationConfigurator AddConsoleFeed(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<ConsoleFeedConsumer>().ExcludeFromConfigureEndpoints();
        return bus;
    }

    /// <summary>
    /// A queue of this gateway's own — non-durable, exclusive to its connection, named per process — bound to the events' copies
    /// (<see cref="Contracts.EnrichedEventsCopy"/>), never to the events themselves: it cannot hold back delivery or make an
    /// event routable that no notifier target would receive. RabbitMQ deletes it when the gateway goes; it holds at most
    /// <see cref="QueueBound"/> copies if the gateway stops reading.
    /// </summary>
    public static void ConfigureConsoleFeedEndpoint<T>(this IBusFactoryConfigurator<T> cfg, IBusRegistrationContext context)
        where T : IReceiveEndpointConfigurator
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.GetRequiredService<IOptions<ConsoleOptions>>().Value.ConsoleEnabled)
        {
            return;
        }
        cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("enrichment-console"), KebabCaseEndpointNameFormatter.Instance, endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                // The temporary definition makes the queue non-durable and exclusive (RabbitMQ deletes it when the gateway's
                // connection closes) with a 60 s x-expires as a backstop; the length bound keeps a stalled gateway's queue small.
                rabbit.SetQueueArgument("x-max-length", QueueBound);
                rabbit.PrefetchCount = 16;
            }
            endpoint.ConfigureConsumer<ConsoleFeedConsumer>(context);
        });
    }

    /// <summary>Copies (of up to 200 events each) the console's queue holds before RabbitMQ drops the oldest.</summary>
    public const int QueueBound = 100;
}
