using System.Diagnostics;
using OmiStack.Lessons.Lesson1;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Bench;

/// <summary>
/// A roster of 40 targets over 2 solved labs (grading is read-only, so students may share a lab),
/// graded with every check of the final stage: 16 students at a time, then one after another.
/// Each student has its own session (own SSH connections), as in a real roster run. Peak RSS is
/// this process's, labs excluded (they are containers).
/// </summary>
public static class RosterBenchmark
{
    /// <summary>Runs the benchmark; with <paramref name="evidence"/>, each student's session keeps its evidence, as a grading run does.</summary>
    public static async Task<int> RunAsync(int students, int concurrency, bool evidence = false)
    {
        var labs = new List<(NodeLab Lab, Lesson1Reference Reference)>();
        try
        {
            await RosterRuns.SolvedLabsAsync(2, labs);

            var targets = Enumerable.Range(1, students)
                .Select(i => TargetLoader.Load(labs[i % labs.Count].Lab.TargetFile) with { Student = $"s{i:000000}" })
                .ToList();
            var checks = Lesson1Checks.All.Where(c => c.Definition.Stage == "final").ToList();
            var options = new GradingOptions { ConvergenceTimeout = TimeSpan.FromSeconds(5) };

            var kept = new System.Collections.Concurrent.ConcurrentBag<long>();
            async Task<IReadOnlyList<CheckOutcome>> GradeAsync(Target target)
            {
                var log = evidence ? Harness.Evidence.EvidenceLog.Recording([]) : null;
                await using var session = new LabSession(target, options, log);
                var outcomes = await Grader.RunAllAsync(checks, session, Lesson1Checks.TextFor(target));
                kept.Add(log?.Bytes ?? 0);
                return outcomes;
            }

            await GradeAsync(targets[0]); // warm-up: JIT

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var idleBefore = RosterRuns.IdleSeconds();
            var clock = Stopwatch.StartNew();
            var parallel = await RosterRuns.AtMostAsync(targets, concurrency, GradeAsync);
            var parallelTime = clock.Elapsed;
            var harnessCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var idle = RosterRuns.IdleSeconds() - idleBefore;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;

            clock.Restart();
            foreach (var target in targets)
            {
                await GradeAsync(target);
            }

            var sequentialTime = clock.Elapsed;
            var passes = parallel.Sum(o => o.Count(x => x.Verdict == Verdict.Pass));
            Console.WriteLine($"verdicts: {passes} pass of {parallel.Sum(o => o.Count)} (stack.mesh is inconclusive without IPVS)");
            Console.WriteLine();
            Console.WriteLine("| measure | value | goal |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| {students} students, concurrency {concurrency}: total | {parallelTime.TotalSeconds:0.00} s | ≤ 20 s |");
            Console.WriteLine($"| {students} students one after another: total | {sequentialTime.TotalSeconds:0.00} s | |");
            Console.WriteLine($"| speed-up | {sequentialTime / parallelTime:0.0}× | ≥ 8× |");
            Console.WriteLine($"| harness peak RSS | {peak / 1024 / 1024} MB | ≤ 300 MB |");
            Console.WriteLine($"| during the parallel run: harness CPU | {harnessCpu.TotalSeconds:0.0} s of {parallelTime.TotalSeconds * Environment.ProcessorCount:0.0} core-seconds | |");
            Console.WriteLine($"| during the parallel run: machine idle | {idle:0.0} core-seconds | |");
            if (evidence)
            {
                Console.WriteLine($"| evidence kept per student (answer data, mean) | {kept.Average() / 1024:0.0} KiB | ≤ 2 MB |");
            }
            return 0;
        }
        finally
        {
            await RosterRuns.DisposeAsync(labs);
        }
    }
}
