using System.Globalization;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Bench;

/// <summary>What the roster benchmarks share: solved labs, students graded so many at a time, the machine's idle time.</summary>
internal static class RosterRuns
{
    /// <summary><paramref name="count"/> labs brought to the lesson's final state by the reference solution (dispose each Reference, then each Lab).</summary>
    public static async Task<List<(NodeLab Lab, Lesson1Reference Reference)>> SolvedLabsAsync(int count, List<(NodeLab Lab, Lesson1Reference Reference)> labs)
    {
        foreach (var _ in Enumerable.Range(0, count))
        {
            var lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(Console.Out).Build();
            await lab.StartAsync();
            var reference = new Lesson1Reference(lab);
            labs.Add((lab, reference));
            await reference.ReachAsync(Lesson1Stage.Final);
        }

        return labs;
    }

    /// <summary>Removes the labs <see cref="SolvedLabsAsync"/> started.</summary>
    public static async Task DisposeAsync(List<(NodeLab Lab, Lesson1Reference Reference)> labs)
    {
        foreach (var (lab, reference) in labs)
        {
            reference.Dispose();
            await lab.DisposeAsync();
        }
    }

    /// <summary>Grades every item, at most <paramref name="concurrency"/> at a time (as the checks' fixtures run in a roster).</summary>
    public static async Task<TResult[]> AtMostAsync<TItem, TResult>(IEnumerable<TItem> items, int concurrency, Func<TItem, Task<TResult>> grade)
    {
        using var gate = new SemaphoreSlim(concurrency);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                return await grade(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Idle time of all cores so far (/proc/stat), to show whether the machine was the limit.</summary>
    public static double IdleSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[4], CultureInfo.InvariantCulture) + double.Parse(fields[5], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>CPU time of every container so far (cgroup v1 cpuacct of Docker's parent group); NaN where it cannot be read.</summary>
    public static double LabsCpuSeconds()
    {
        const string Path = "/sys/fs/cgroup/cpuacct/docker/cpuacct.usage";
        return File.Exists(Path) ? long.Parse(File.ReadAllText(Path).Trim(), CultureInfo.InvariantCulture) / 1e9 : double.NaN;
    }
}
