using Enrichment.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Gateway.Feedback;

/// <summary>
/// Who may correct a verdict: the feedback token (<c>FEEDBACK_AUTH_TOKEN</c>, which opens nothing else, so on-call people
/// can correct without being able to change modes), or whatever opens admin routes. The credential's kind — never the
/// token — is what a correction records as its author.
/// </summary>
public static class FeedbackAuth
{
    public const string Key = "feedback";

    public const string FeedbackToken = "feedback-token";
    public const string AdminToken = "admin-token";
    public const string Loopback = "loopback";

    private const string CredentialItem = "enrichment.feedback.credential";

    /// <summary>The kind of credential the guard let through.</summary>
    public static string CredentialOf(HttpContext context) =>
        context?.Items[CredentialItem] as string ?? throw new InvalidOperationException("the route is not guarded by RequireFeedbackOrAdminToken");

    /// <summary>The admin credential of a request the admin guard let through: the token when one is set, loopback otherwise.</summary>
    public static string AdminCredentialOf(HttpContext context) =>
        context.RequestServices.GetRequiredKeyedService<TokenCheck>(AuthEndpointFilters.AdminKey).IsConfigured ? AdminToken : Loopback;

    public static TBuilder RequireFeedbackOrAdminToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            var feedback = services.GetRequiredKeyedService<TokenCheck>(Key);
            var admin = services.GetRequiredKeyedService<TokenCheck>(AuthEndpointFilters.AdminKey);
            string? credential = null;
            if (feedback.IsConfigured && feedback.IsAuthorized(http.Request))
            {
                credential = FeedbackToken;
            }
            else if (admin.IsConfigured && admin.IsAuthorized(http.Request))
            {
                credential = AdminToken;
            }
            else if (!admin.IsConfigured && services.GetRequiredService<IOptions<AdminOptions>>().Value.AllowLoopback && TokenCheck.IsLoopback(http))
            {
                credential = Loopback;
            }
            if (credential is null)
            {
                return feedback.IsConfigured || admin.IsConfigured
                    ? new Unauthorized()
                    : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Corrections are closed",
                        detail: "Neither FEEDBACK_AUTH_TOKEN nor ADMIN_AUTH_TOKEN is set, so corrections are taken only from this machine "
                            + "(and from nowhere with ADMIN_ALLOW_LOOPBACK=false). Set FEEDBACK_AUTH_TOKEN.");
            }
            http.Items[CredentialItem] = credential;
            return await next(context);
        });

    private sealed class Unauthorized : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "This route needs the feedback token (FEEDBACK_AUTH_TOKEN) or the admin token (ADMIN_AUTH_TOKEN) as a bearer token or basic-auth password.")
                .ExecuteAsync(httpContext);
        }
    }
}
