using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Enrichment.ServiceDefaults.Http;

/// <summary>Reads a JSON request body whole, refusing what is too large or not <c>application/json</c> before parsing it.</summary>
public static class RequestBodyReader
{
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        switch (JsonContentType.Check(request.ContentType))
        {
            case JsonContentType.Verdict.Unsupported:
                return (null, Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                    $"expected application/json, got '{request.ContentType ?? "(none)"}'", "Content-Type"));
            case JsonContentType.Verdict.Malformed:
                return (null, Problems.Refuse(StatusCodes.Status400BadRequest, "Malformed content type",
                    $"'{request.ContentType}' is not a valid media type", "Content-Type"));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }
        // Our limit replaces Kestrel's (30 MB), which would otherwise cut in with its own error first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var initial = (int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes);
        using var buffer = new MemoryStream(initial);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Payload too large",
            $"the body is larger than {maxBytes} bytes", "$");
}
