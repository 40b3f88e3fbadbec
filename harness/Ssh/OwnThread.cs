namespace OmiStack.Harness.Ssh;

/// <summary>
/// SSH.NET waits for the server's answers by blocking the calling thread (the handshake and
/// authentication in Connect, a channel's open and exec request). Over a WAN each such wait lasts
/// round trips; on thread-pool threads, a roster's many handshakes at once (and dead hosts, each
/// held for the connect bound) starve the pool, and healthy students' handshakes then miss their
/// bound (measured: 29 of 36 healthy students at 40 ms RTT, 16 at a time; docs/benchmarks.md).
/// Such calls run here on a thread of their own, so a waiting handshake holds no pool thread.
/// </summary>
internal static class OwnThread
{
    /// <summary>Runs <paramref name="work"/> on a new background thread; the task ends with it.</summary>
    public static Task<T> RunAsync<T>(Func<T> work, string name)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
