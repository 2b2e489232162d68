using Enrichment.Core;
using Enrichment.Core.Feedback;
using Enrichment.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrichment.Gateway.Feedback;

/// <summary>The gateway's part of corrections: the feedback token and the recorder (the stores come with the host's composition).</summary>
public static class FeedbackExtensions
{
    public static IHostApplicationBuilder AddFeedback(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<TokenOptions>(TokenOptions.FeedbackSection, FeedbackAuth.Key);
        builder.Services.AddKeyedSingleton(FeedbackAuth.Key, (sp, key) =>
            new TokenCheck(sp.GetRequiredService<IOptionsMonitor<TokenOptions>>().Get((string)key!).Resolve()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CorrectionRecorder>();
        return builder;
    }
}
