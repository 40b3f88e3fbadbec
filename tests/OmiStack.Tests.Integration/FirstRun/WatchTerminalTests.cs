using System.Diagnostics;
using FluentAssertions;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Waiting;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.FirstRun;

/// <summary>
/// `omistack watch` in a real terminal: tmux runs it on a formed lab, the test changes the lab (the
/// Docker engine of dockernode3 stops) and reads the screen: the verdict changed and says so, over the
/// same SSH connections; Ctrl-C leaves the last reports written.
/// </summary>
[Lab]
public sealed class WatchTerminalTests : LaneFixture
{
    private NodeLab _lab = null!;
    private string _session = null!;
    private string _results = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        TestTools.Require(TestTools.Tmux);

        _lab = new NodeLabBuilder().WithProgress(TestContext.Progress).Build();
        await _lab.StartAsync();
        _session = $"omistack-watch-{Environment.ProcessId}";
        _results = Directory.CreateTempSubdirectory("omistack-watch-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        await TmuxAsync("kill-session", "-t", _session);
        await _lab.DisposeAsync();
        Directory.Delete(_results, recursive: true);
    }

    [Test]
    public async Task A_verdict_that_changes_while_watching_is_shown_changed_and_ctrl_c_leaves_the_reports()
    {
        var omistack = ChecksProcess.Cli;
        (await TmuxAsync("new-session", "-d", "-s", _session, "-x", "160", "-y", "50",
            $"dotnet {omistack} watch --target {_lab.TargetFile} --every 1 --results {_results}; sleep 600")).Should().Be(0);

        // A capture may catch the live display mid-frame (the table drawn, the lines under it not yet):
        // each wait is for a whole frame, ending with its "Next:" line.
        var before = await ScreenAsync("the first round, swarm.docker passing", s => Row(s, "swarm.docker").Contains(" pass", StringComparison.Ordinal) && s.Contains("Next: ", StringComparison.Ordinal));
        before.Should().Contain("stage reached: setup").And.Contain("Next: ghost.service: on dockernode1: docker service create");

        var stopped = await _lab["dockernode3"].Container.ExecAsync(["sh", "-c", "pkill -x dockerd; while pgrep -x dockerd >/dev/null; do sleep 0.2; done"]);
        stopped.ExitCode.Should().Be(0);

        var after = await ScreenAsync("swarm.docker failing, marked changed", s => Row(s, "swarm.docker").Contains(" fail", StringComparison.Ordinal) && s.Contains("Next: swarm.docker:", StringComparison.Ordinal));
        Row(after, "swarm.docker").Should().MatchRegex(@"fail\s+was pass until \d\d:\d\d:\d\d");
        after.Should().Contain("Next: swarm.docker:");

        (await TmuxAsync("send-keys", "-t", _session, "C-c")).Should().Be(0);
        var end = await ScreenAsync("the stop message", s => s.Contains("omistack: stopped after round", StringComparison.Ordinal));
        end.Should().Contain($"reports in {Path.Combine(_results, _lab.Target.Student)}");
        File.ReadAllText(Path.Combine(_results, _lab.Target.Student, "report.md")).Should().Contain("swarm.docker");
    }

    private static string Row(string screen, string id) =>
        screen.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(id + " ", StringComparison.Ordinal)) ?? "";

    private Task<string> ScreenAsync(string what, Func<string, bool> shows) =>
        Poll.UntilAsync($"the watch screen to show {what}", TimeSpan.FromSeconds(60), async _ => await CaptureAsync(), shows, s => s, interval: TimeSpan.FromMilliseconds(500));

    private async Task<string> CaptureAsync()
    {
        var start = new ProcessStartInfo("tmux", ["capture-pane", "-p", "-t", _session]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var screen = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return screen;
    }

    private static async Task<int> TmuxAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("tmux", arguments) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
