using System.ComponentModel.DataAnnotations;

namespace Enrichment.Host.Composition;

/// <summary>The <c>RabbitMq</c> section: <c>RABBITMQ_URL</c>; unset runs on the in-memory transport.</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "RabbitMq";

    /// <summary><c>amqp://user:pass@host:5672/vhost</c>.</summary>
    public string? Url { get; set; }

    public bool UsesRabbitMq => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesRabbitMq && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps")))
        {
            // The URL may carry a password: never echo it.
            yield return new ValidationResult("RABBITMQ_URL must be an amqp:// or amqps:// URL, e.g. amqp://user:pass@host:5672/vhost.", [nameof(Url)]);
        }
    }
}
