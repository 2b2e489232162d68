namespace Enrichment.Notifier.Tests;

/// <summary>Answers every request (by default 200, or as the body asks) and records the bodies and how their length was sent.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Func<string, HttpResponseMessage> _answer;

    public RecordingHandler(Func<HttpResponseMessage>? answer = null) : this(_ => answer?.Invoke() ?? new HttpResponseMessage(System.Net.HttpStatusCode.OK))
    {
    }

    public RecordingHandler(Func<string, HttpResponseMessage> answer) => _answer = answer;

    public List<(Uri Url, string Body)> Requests { get; } = [];

    /// <summary>Per request: the <c>Content-Length</c> it declares, and whether it asked for a chunked body.</summary>
    public List<(long? ContentLength, bool? Chunked)> Lengths { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Lengths.Add((request.Content?.Headers.ContentLength, request.Headers.TransferEncodingChunked));
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.RequestUri!, body));
        return _answer(body);
    }
}
