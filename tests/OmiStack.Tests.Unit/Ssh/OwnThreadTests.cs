using FluentAssertions;
using OmiStack.Fixtures.Network;
using OmiStack.Harness.Ssh;

namespace OmiStack.Tests.Unit.Ssh;

/// <summary>
/// SSH.NET's Connect blocks its thread for the whole handshake: a roster's handshakes (and dead
/// hosts, each held for the connect bound) must not hold thread-pool threads.
/// </summary>
[NonParallelizable]
public sealed class OwnThreadTests
{
    [Test]
    public async Task Work_runs_on_a_named_thread_of_its_own_not_the_pools()
    {
        var (pool, name) = await OwnThread.RunAsync(() => (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name), "omistack test");

        pool.Should().BeFalse();
        name.Should().Be("omistack test");
    }

    [Test]
    public async Task A_failure_of_the_work_is_the_tasks()
    {
        var run = () => OwnThread.RunAsync<int>(() => throw new InvalidOperationException("refused"), "omistack test");

        await run.Should().ThrowAsync<InvalidOperationException>().WithMessage("refused");
    }

    [Test]
    public async Task Handshakes_waiting_on_dead_hosts_each_wait_on_a_thread_of_their_own_and_end_at_their_bound()
    {
        // A dead VM behind a live router: the TCP connection is accepted, the SSH banner never comes.
        await using var dead = LatencyRelay.Start(1, new RelayOptions { Mode = RelayMode.BlackHole });
        var folder = Directory.CreateTempSubdirectory("omistack-ownthread-").FullName;
        try
        {
            var key = Path.Combine(folder, "id_rsa");
            SshKeyPair.Generate("test").WritePrivateKey(key);
            var options = new SshOptions { ConnectTimeout = TimeSpan.FromSeconds(3), HostKeyPolicy = HostKeyPolicy.Insecure };

            var connects = Enumerable.Range(0, 8)
                .Select(i => SshNode.ConnectAsync(new SshEndpoint($"dead{i}", "127.0.0.1", dead.Port, "ubuntu", key), options))
                .ToList();
            await WaitUntilAsync(() => dead.Connections >= 8);
            var waiting = ConnectThreads();

            waiting.Should().BeGreaterThanOrEqualTo(8, "each waiting handshake blocks a thread of its own, not one of the pool's");
            foreach (var connect in connects)
            {
                Func<Task> waited = () => connect;
                (await waited.Should().ThrowAsync<SshUnavailableException>()).Which.Message.Should().Contain("no SSH handshake within 00:00:03");
            }

            await WaitUntilAsync(() => ConnectThreads() == 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Threads of this process named for SSH connects (Linux shows a managed thread's name, cut to 15 bytes, in comm).</summary>
    private static int ConnectThreads() =>
        Directory.EnumerateDirectories("/proc/self/task").Count(t => Comm(t) == "omistack ssh co");

    /// <summary>A thread's name, or "" for one that ended between the listing and the read.</summary>
    private static string Comm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(50, bound.Token);
        }
    }
}
