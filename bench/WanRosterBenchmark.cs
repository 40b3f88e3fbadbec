using System.Diagnostics;
using System.Globalization;
using OmiStack.Lessons.Lesson1;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Network;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Bench;

/// <summary>
/// A course's roster over a modelled WAN: students share 2 solved read-only labs, each student with
/// its own sessions, every lab port (SSH, 80, 5000) behind a <see cref="LatencyRelay"/> at RTT
/// 40 ms ± 5; 10 % of the students are dead (every port of theirs a black hole: the VMs gone behind
/// a live router). All Lesson 1 checks the final state grades (setup and final stages), with the
/// harness's default bounds, at the roster's default concurrency (16: the checks assembly's
/// LevelOfParallelism), then a sample one after another. The relays run in this process: their
/// CPU and memory are in the harness's figures (an upper bound of the harness's own).
/// </summary>
public static class WanRosterBenchmark
{
    private static readonly int[] Ports = [22, 80, 5000];

    /// <summary>What one student's grading cost: time, and what crossed the relays.</summary>
    private sealed record StudentRun(string Student, bool Dead, TimeSpan Time, IReadOnlyList<CheckOutcome> Outcomes);

    public static async Task<int> RunAsync(int students, int concurrency, int sequentialSample, double roundTripMs, IReadOnlyCollection<string> skip, int deadPercent = 10)
    {
        var labs = new List<(NodeLab Lab, Lesson1Reference Reference)>();
        var relays = new List<LatencyRelay>();
        try
        {
            await RosterRuns.SolvedLabsAsync(2, labs);

            var wan = RelayOptions.Wan(TimeSpan.FromMilliseconds(roundTripMs), TimeSpan.FromMilliseconds(roundTripMs / 8)) with { MaxConnections = 4096, Lifetime = TimeSpan.FromMinutes(30) };
            // One relay per lab port, shared by every student of that lab (each connection is delayed on its own).
            var forward = labs.Select(l => l.Lab.Nodes.ToDictionary(n => n.Name, n => Ports.ToDictionary(p => p, p => Track(relays, LatencyRelay.Start(n.PortFor(p), wan))))).ToList();
            var hole = Track(relays, LatencyRelay.Start(1, new RelayOptions { Mode = RelayMode.BlackHole, MaxConnections = 4096, Lifetime = TimeSpan.FromMinutes(30) }));
            var ssh = forward.SelectMany(f => f.Values.Select(p => p[22])).ToList();

            Target TargetOf(int i, bool dead)
            {
                var lab = labs[i % labs.Count].Lab;
                var target = TargetLoader.Load(lab.TargetFile) with { Student = $"s{i:000000}" };
                return target with
                {
                    Nodes = [.. target.Nodes.Select(n => n with { Ports = Ports.ToDictionary(p => p, p => dead ? hole.Port : forward[i % labs.Count][n.Name][p].Port) })],
                };
            }

            bool IsDead(int i) => deadPercent > 0 && i % (100 / deadPercent) == 0;
            var roster = Enumerable.Range(1, students).Select(i => (Target: TargetOf(i, IsDead(i)), Dead: IsDead(i))).ToList();
            var checks = Lesson1Checks.All.Where(c => c.Definition.Stage is "setup" or "final" && !skip.Contains(c.Id)).ToList();
            var options = new GradingOptions();

            async Task<StudentRun> GradeAsync((Target Target, bool Dead) student, IReadOnlyList<Check>? only = null)
            {
                var clock = Stopwatch.StartNew();
                await using var session = new LabSession(student.Target, options);
                var outcomes = await Grader.RunAllAsync(only ?? checks, session, Lesson1Checks.TextFor(student.Target));
                return new StudentRun(student.Target.Student, student.Dead, clock.Elapsed, outcomes);
            }

            await GradeAsync(roster[0]); // warm-up: JIT, and the labs' first SSH logins

            // Round trips per check: each check alone, in a session of its own, for one healthy student.
            Console.WriteLine();
            Console.WriteLine("| check (alone, own session) | SSH connections | round trips waited (all ports) | time |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var check in checks)
            {
                var (connections, trips) = (ssh.Sum(r => r.Connections), relays.Sum(r => r.RoundTrips));
                var alone = await GradeAsync(roster[0], [check]);
                Console.WriteLine(Invariant($"| {check.Id} | {ssh.Sum(r => r.Connections) - connections} | {relays.Sum(r => r.RoundTrips) - trips} | {alone.Time.TotalSeconds:0.00} s |"));
            }

            var (before, tripsBefore) = (ssh.Sum(r => r.Connections), relays.Sum(r => r.RoundTrips));
            var one = await GradeAsync(roster[0]);
            Console.WriteLine(Invariant($"| all {checks.Count}, one session | {ssh.Sum(r => r.Connections) - before} | {relays.Sum(r => r.RoundTrips) - tripsBefore} | {one.Time.TotalSeconds:0.00} s |"));

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var idleBefore = RosterRuns.IdleSeconds();
            var labsBefore = RosterRuns.LabsCpuSeconds();
            var clock = Stopwatch.StartNew();
            var parallel = await RosterRuns.AtMostAsync(roster, concurrency, s => GradeAsync(s));
            var parallelTime = clock.Elapsed;
            var harnessCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var idle = RosterRuns.IdleSeconds() - idleBefore;
            var labsCpu = RosterRuns.LabsCpuSeconds() - labsBefore;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;

            // One after another: a sample with the roster's share of dead students, scaled to the roster.
            var sample = roster.Take(sequentialSample).ToList();
            clock.Restart();
            foreach (var s in sample)
            {
                await GradeAsync(s);
            }

            var sequentialSampleTime = clock.Elapsed;
            var sequentialTime = sequentialSampleTime * ((double)students / sample.Count);

            var healthy = parallel.Where(r => !r.Dead).Select(r => r.Time.TotalSeconds).Order().ToList();
            var dead = parallel.Where(r => r.Dead).Select(r => r.Time.TotalSeconds).Order().ToList();
            var healthyPasses = parallel.Where(r => !r.Dead).Sum(r => r.Outcomes.Count(o => o.Verdict == Verdict.Pass));
            var deadVerdicts = parallel.Where(r => r.Dead).SelectMany(r => r.Outcomes).GroupBy(o => o.Verdict).Select(g => $"{g.Count()} {g.Key}");
            Console.WriteLine();
            Console.WriteLine(Invariant($"verdicts: healthy students {healthyPasses} pass of {parallel.Where(r => !r.Dead).Sum(r => r.Outcomes.Count)} (stack.mesh is inconclusive without IPVS); dead students: {string.Join(", ", deadVerdicts)}"));
            foreach (var problem in parallel.Where(r => !r.Dead).SelectMany(r => r.Outcomes).Where(o => o.Verdict != Verdict.Pass && o.Check.Id != "stack.mesh")
                .GroupBy(o => $"{o.Check.Id} {o.Verdict}: {System.Text.RegularExpressions.Regex.Replace(o.Message, "[0-9]+", "N")}").OrderByDescending(g => g.Count()).Take(8))
            {
                Console.WriteLine(Invariant($"  healthy, not pass ×{problem.Count()}: {problem.Key[..Math.Min(240, problem.Key.Length)]}"));
            }

            Console.WriteLine(Invariant($"  healthy, median time to verdict per check in the roster run: {string.Join(", ", parallel.Where(r => !r.Dead).SelectMany(r => r.Outcomes).GroupBy(o => o.Check.Id).Select(g => $"{g.Key} {Percentile([.. g.Select(o => o.Duration.TotalSeconds).Order()], 0.5):0.00} s"))}"));
            foreach (var node in labs.SelectMany(l => l.Lab.Nodes))
            {
                var log = await node.Container.ExecAsync(["sh", "-c", "grep -c -i 'maxstartups\\|drop connection' /var/log/sshd.log; grep -c 'Accepted publickey' /var/log/sshd.log"]);
                Console.WriteLine(Invariant($"  sshd on {node.Name}: MaxStartups drops / logins: {log.Stdout.Replace('\n', ' ').Trim()}"));
            }

            Console.WriteLine();
            Console.WriteLine("| measure | value | goal |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(Invariant($"| {students} students ({dead.Count} dead), RTT {roundTripMs:0} ms ± {roundTripMs / 8:0}, concurrency {concurrency}: total | {parallelTime.TotalSeconds:0.0} s | ≤ 60 s |"));
            Console.WriteLine(Invariant($"| one after another (a sample of {sample.Count}, {sample.Count(s => s.Dead)} dead: {sequentialSampleTime.TotalSeconds:0.0} s), scaled to {students} | {sequentialTime.TotalSeconds:0} s | |"));
            Console.WriteLine(Invariant($"| speed-up | {sequentialTime / parallelTime:0.0}× | ≥ 8× |"));
            Console.WriteLine(Invariant($"| healthy student, in the roster run: median / p95 / max | {Percentile(healthy, 0.5):0.00} / {Percentile(healthy, 0.95):0.00} / {healthy[^1]:0.00} s | ≤ 2 s |"));
            Console.WriteLine(Invariant($"| healthy student alone (all checks, one session) | {one.Time.TotalSeconds:0.00} s | ≤ 2 s |"));
            Console.WriteLine(Invariant($"| dead student: median / max | {Percentile(dead, 0.5):0.00} / {(dead.Count > 0 ? dead[^1] : 0):0.00} s | ≤ connect bound ({options.Ssh.ConnectTimeout.TotalSeconds:0} s) + convergence bound ({options.ConvergenceTimeout.TotalSeconds:0} s) |"));
            Console.WriteLine(Invariant($"| harness peak RSS (relays included) | {peak / 1024 / 1024} MB | ≤ 400 MB |"));
            Console.WriteLine(Invariant($"| harness CPU during the roster run (relays included) | {harnessCpu.TotalSeconds:0.0} s of {parallelTime.TotalSeconds * Environment.ProcessorCount:0.0} core-seconds | |"));
            Console.WriteLine(Invariant($"| the labs' CPU during the roster run (every container: sshd, dial-stdio, dockerd, registry, web) | {labsCpu:0.0} s ({labsCpu / students:0.00} s per student) | |"));
            Console.WriteLine(Invariant($"| machine idle during the roster run | {idle:0.0} core-seconds | |"));
            Console.WriteLine(Invariant($"| relays: connections / round trips / MB up / MB down | {relays.Sum(r => r.Connections)} / {relays.Sum(r => r.RoundTrips)} / {relays.Sum(r => r.Bytes.Up) / 1e6:0.0} / {relays.Sum(r => r.Bytes.Down) / 1e6:0.0} | |"));
            return 0;
        }
        finally
        {
            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }

            await RosterRuns.DisposeAsync(labs);
        }
    }

    private static LatencyRelay Track(List<LatencyRelay> relays, LatencyRelay relay)
    {
        relays.Add(relay);
        return relay;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
