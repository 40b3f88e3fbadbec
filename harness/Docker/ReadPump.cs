using System.IO.Pipelines;

namespace OmiStack.Harness.Docker;

/// <summary>
/// Asynchronous reads over a stream that can only read synchronously: one dedicated thread does the
/// blocking reads into a pipe, and <see cref="Reader"/> reads from the pipe without holding a thread.
/// </summary>
/// <remarks>
/// SSH.NET's command output stream is such a stream: its ReadAsync is Stream's own, a blocking Read
/// on a thread-pool thread. An HTTP connection always has a read waiting, so with a few Docker API
/// connections per node those blocked threads starved the pool on two cores, and a stage's checks
/// waited 0.5-1 s for a thread (measured, docs/benchmarks.md).
/// </remarks>
internal sealed class ReadPump
{
    private readonly Stream _source;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private int _stopped;

    /// <summary>Starts reading <paramref name="source"/> on a thread of its own.</summary>
    public ReadPump(Stream source, string name)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        Reader = _pipe.Reader.AsStream();
        new Thread(Pump) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>What the source wrote, read asynchronously; ends where the source ends.</summary>
    public Stream Reader { get; }

    /// <summary>
    /// Ends <see cref="Reader"/>: a pending read ends (cancelled) and no read waits again. The pump's
    /// own blocking read ends when the source ends or is disposed; the pump then stops without
    /// reporting an error.
    /// </summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _pipe.Reader.CancelPendingRead();
            _pipe.Reader.Complete();
        }
    }

    /// <summary>Reads until the source ends (or the reader stopped), holding at most 1 MiB the reader has not taken.</summary>
    private void Pump()
    {
        var writer = _pipe.Writer;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(16 * 1024);
                var read = _source.Read(memory.Span);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                if (writer.FlushAsync().AsTask().GetAwaiter().GetResult().IsCompleted)
                {
                    break; // the reader stopped
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or Renci.SshNet.Common.SshException)
        {
            failure = Volatile.Read(ref _stopped) == 1 ? null : ex;
        }

        writer.Complete(failure);
    }
}
