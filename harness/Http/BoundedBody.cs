using System.Text;

namespace OmiStack.Harness.Http;

/// <summary>
/// Reads an HTTP body up to a size: a student's server may stream hundreds of megabytes, and a body
/// read whole would be in memory before any cut. The response must be read with its headers only
/// (HttpCompletionOption.ResponseHeadersRead); the rest is never read.
/// </summary>
public static class BoundedBody
{
    /// <summary>
    /// The body as UTF-8 text, at most <paramref name="maxBytes"/> bytes of it, read within
    /// <paramref name="timeout"/> (a server may also drip it slowly); Cut when there was more. Past the
    /// bound it throws OperationCanceledException while <paramref name="cancellationToken"/> is not cancelled.
    /// </summary>
    public static async Task<(string Text, bool Cut)> ReadAsync(HttpContent content, int maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        await using var stream = await content.ReadAsStreamAsync(bound.Token).ConfigureAwait(false);
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read, buffer.Length - read), bound.Token).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var cut = read > maxBytes;
        return (Encoding.UTF8.GetString(buffer, 0, Math.Min(read, maxBytes)), cut);
    }
}
