using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrichment.Core;

/// <summary>
/// The one way a part of the service binds its options: registered for <see cref="IOptions{TOptions}"/>,
/// validated by their data annotations (and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>),
/// and handed back validated at once, so that values the composition depends on (which roles, which transport,
/// whether a model) come from the same binding as everything read later. A bad value stops the host while it
/// composes, with the message naming the variable, instead of deep inside a library that received it.
/// </summary>
public static class ValidatedOptions
{
    public static TOptions AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        var options = new TOptions();
        builder.Configuration.GetSection(section).Bind(options);
        var result = new DataAnnotationValidateOptions<TOptions>(Options.DefaultName).Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), result.Failures);
        }
        return options;
    }
}
