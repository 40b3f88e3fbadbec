using Renci.SshNet;

namespace OmiStack.Harness.Docker;

/// <summary>
/// A duplex byte stream to a node's Docker socket: <c>docker system dial-stdio</c> run over SSH,
/// its stdin and stdout joined (how <c>docker -H ssh://</c> reaches a remote engine).
/// One stream is one HTTP connection.
/// </summary>
/// <remarks>
/// SSH.NET's output stream only reads synchronously; a <see cref="ReadPump"/> makes the HTTP
/// client's reads asynchronous, so a waiting connection holds no thread-pool thread.
/// </remarks>
internal sealed class DialStdioStream : Stream
{
    private readonly SshCommand _command;
    private readonly Task _execution;
    private readonly Stream _input;
    private readonly ReadPump _received;
    private int _disposed;

    private DialStdioStream(SshCommand command, Task execution, Stream input)
    {
        _command = command;
        _execution = execution;
        _input = input;
        _received = new ReadPump(command.OutputStream, "omistack dial-stdio reader");
    }

    /// <summary>Starts dial-stdio on the connection.</summary>
    public static DialStdioStream Open(SshClient client)
    {
        var command = client.CreateCommand("docker system dial-stdio");
        var execution = command.ExecuteAsync(CancellationToken.None);
        var input = command.CreateInputStream();
        return new DialStdioStream(command, execution, input);
    }

    /// <summary>What dial-stdio wrote to stderr (e.g. "permission denied" on the socket).</summary>
    public string Error => _execution.IsCompleted ? _command.Error : "";

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _received.Reader.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _received.Reader.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _received.Reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        _input.Write(buffer, offset, count);
        _input.Flush();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _input.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _input.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _input.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                _input.Dispose();
                if (!_execution.IsCompleted)
                {
                    _command.CancelAsync(forceKill: true);
                }
            }
            catch (Exception ex) when (ex is Renci.SshNet.Common.SshException or InvalidOperationException or ObjectDisposedException)
            {
                // The channel is gone with its connection: nothing left to close.
            }

            // A pending read of the HTTP client ends now; the pump's own read ends with the command.
            _received.Stop();
            _ = _execution.ContinueWith(t => { _ = t.Exception; _command.Dispose(); }, TaskScheduler.Default);
        }

        base.Dispose(disposing);
    }
}
