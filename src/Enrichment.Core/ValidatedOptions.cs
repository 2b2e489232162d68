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
    /// <param name="name">For one options type bound from several sections (the ingest and admin tokens): the instance's name.</param>
    public static TOptions AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section, string? name = null)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        name ??= Options.DefaultName;
        builder.Services.AddOptions<TOptions>(name).BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        var options = new TOptions();
        builder.Configuration.GetSection(section).Bind(options);
        var result = new DataAnnotationValidateOptions<TOptions>(name).Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(TOptions), result.Failures);
        }
        return options;
    }
}
