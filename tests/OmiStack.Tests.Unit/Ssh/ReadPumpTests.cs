using System.Text;
using FluentAssertions;
using OmiStack.Harness.Docker;

namespace OmiStack.Tests.Unit.Ssh;

/// <summary>
/// SSH.NET's command output only reads synchronously: a Docker API connection waiting for an answer
/// must not hold a thread-pool thread (on two cores, a few of them starved the pool for 0.5-1 s).
/// </summary>
public sealed class ReadPumpTests
{
    [Test]
    public async Task Waiting_readers_hold_no_thread_pool_thread_and_get_every_byte_in_order()
    {
        var sources = Enumerable.Range(0, 16).Select(_ => new BlockingSource()).ToList();
        var pumps = sources.Select((s, i) => new ReadPump(s, $"test pump {i}")).ToList();
        var buffers = pumps.Select(_ => new byte[64]).ToList();

        // Sixteen reads waiting at once, as sixteen idle HTTP connections would.
        var pending = pumps.Select((p, i) => p.Reader.ReadAsync(buffers[i]).AsTask()).ToList();
        await Task.Delay(100);
        pending.Should().OnlyContain(t => !t.IsCompleted, "nothing was written yet");

        for (var i = 0; i < sources.Count; i++)
        {
            sources[i].Write($"answer {i}");
        }

        var counts = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
        counts.Select((n, i) => Encoding.ASCII.GetString(buffers[i], 0, n)).Should().Equal(Enumerable.Range(0, 16).Select(i => $"answer {i}"));
        sources.SelectMany(s => s.ReadOnPoolThread).Should().NotContain(true, "the blocking reads run on the pumps' own threads");
        foreach (var source in sources)
        {
            source.End();
        }

        foreach (var pump in pumps)
        {
            (await pump.Reader.ReadAsync(new byte[8]).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0, "the source ended");
        }
    }

    [Test]
    public async Task A_large_answer_arrives_whole_and_a_stopped_pump_ends_a_pending_read()
    {
        var source = new BlockingSource();
        var pump = new ReadPump(source, "test pump");
        var payload = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray(); // beyond the pipe's 1 MiB pause
        var writing = Task.Run(() =>
        {
            for (var offset = 0; offset < payload.Length; offset += 100_000)
            {
                source.Write(payload.AsSpan(offset, Math.Min(100_000, payload.Length - offset)).ToArray());
            }
        });

        using var received = new MemoryStream();
        var buffer = new byte[8192];
        while (received.Length < payload.Length)
        {
            var n = await pump.Reader.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            n.Should().BePositive();
            received.Write(buffer, 0, n);
        }

        await writing;
        received.ToArray().Should().Equal(payload);

        var waiting = pump.Reader.ReadAsync(new byte[8]).AsTask();
        pump.Stop();
        var stopped = async () => await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await stopped.Should().NotThrowAsync<TimeoutException>("a stopped pump leaves no read waiting");
        source.End();
    }

    /// <summary>A stream like SSH.NET's PipeStream: Read blocks until data or the end; no asynchronous read of its own.</summary>
    private sealed class BlockingSource : Stream
    {
        private readonly Queue<byte[]> _chunks = new();
        private readonly object _gate = new();
        private byte[] _current = [];
        private int _offset;
        private bool _ended;

        public List<bool> ReadOnPoolThread { get; } = [];

        public void Write(string text) => Write(Encoding.ASCII.GetBytes(text));

        public void Write(byte[] chunk)
        {
            lock (_gate)
            {
                _chunks.Enqueue(chunk);
                Monitor.PulseAll(_gate);
            }
        }

        public void End()
        {
            lock (_gate)
            {
                _ended = true;
                Monitor.PulseAll(_gate);
            }
        }

        public override int Read(Span<byte> buffer)
        {
            lock (_gate)
            {
                ReadOnPoolThread.Add(Thread.CurrentThread.IsThreadPoolThread);
                while (_offset == _current.Length && _chunks.Count == 0 && !_ended)
                {
                    Monitor.Wait(_gate);
                }

                if (_offset == _current.Length)
                {
                    if (_chunks.Count == 0)
                    {
                        return 0;
                    }

                    _current = _chunks.Dequeue();
                    _offset = 0;
                }

                var n = Math.Min(buffer.Length, _current.Length - _offset);
                _current.AsSpan(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the pump must not read asynchronously");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the pump must not read asynchronously");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
