using System.CommandLine;
using OmiStack.Engine;
using OmiStack.Harness.Checks;
using OmiStack.Reports.Console;
using OmiStack.Reports.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OmiStack.Cli;

/// <summary>
/// `omistack watch`: for a student doing the lab. Grades the target every few seconds over the same
/// SSH connections and shows, in a live terminal view, the stage each lesson has reached, every
/// check's verdict (a changed verdict highlighted) and the next step's hint. Ctrl-C stops it; the
/// reports of the last round stay written.
/// </summary>
internal static class WatchCommand
{
    public static Command Build()
    {
        var target = new Option<FileInfo?>("--target") { Description = "the target file (default: OMISTACK_TARGET, else ./omistack.yaml)" };
        var every = new Option<int>("--every") { Description = "seconds between rounds (at least 1)", DefaultValueFactory = _ => 5 };
        every.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--every must be at least 1 second.");
            }
        });
        var rounds = new Option<int>("--rounds") { Description = "stop after this many rounds (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var results = new Option<DirectoryInfo?>("--results") { Description = "where the reports go (default: OMISTACK_RESULTS_DIR, else ./TestResults/omistack)" };
        var command = new Command("watch", "Grade your lab every few seconds while you work on it, in a live view; Ctrl-C stops.") { target, every, rounds, results };
        command.SetAction(async (parse, ct) =>
        {
            StudentRun run;
            try
            {
                var options = CliSettings.Options(Path.Combine("TestResults", "omistack"));
                var file = parse.GetValue(target)?.FullName ?? options.Target ?? Path.GetFullPath("omistack.yaml");
                if (!File.Exists(file))
                {
                    await Console.Error.WriteLineAsync($"omistack: no target file at {file}; write one with 'omistack target' (or copy omistack.example.yaml) and give it with --target.");
                    return 2;
                }

                var resultsRoot = parse.GetValue(results)?.FullName ?? options.ResultsRoot;
                run = StudentRuns.ForTargetFile(file, CliSettings.Setup(options with { ResultsRoot = resultsRoot }) with { KeepsEvidence = false });
            }
            catch (Harness.Scoring.RunCannotStartException ex)
            {
                await Console.Error.WriteLineAsync($"omistack: {ex.Message}");
                return 2;
            }

            await using (run)
            {
                return await WatchAsync(run, TimeSpan.FromSeconds(parse.GetValue(every)), parse.GetValue(rounds), ct);
            }
        });
        return command;
    }

    private static async Task<int> WatchAsync(StudentRun run, TimeSpan every, int rounds, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var live = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        var view = new WatchView(run.Target.Student, every);
        try
        {
            if (live)
            {
                await console.Live(view.Waiting()).AutoClear(false).StartAsync(async context =>
                {
                    await foreach (var frame in RoundsAsync(run, view, every, rounds, cancellationToken))
                    {
                        context.UpdateTarget(frame);
                    }
                });
            }
            else
            {
                await foreach (var frame in RoundsAsync(run, view, every, rounds, cancellationToken))
                {
                    await Console.Out.WriteLineAsync(ConsoleSummary.Plain(frame));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the last round's reports stay (written below once more, complete).
        }

        if (run.Outcomes.Count > 0)
        {
            var folder = run.WriteReports(final: true);
            console.WriteLine($"omistack: stopped after round {view.Round}; reports in {folder} (report.md, report.html)");
        }

        return 0;
    }

    private static async IAsyncEnumerable<IRenderable> RoundsAsync(StudentRun run, WatchView view, TimeSpan every, int rounds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var round = 1; rounds == 0 || round <= rounds; round++)
        {
            if (round > 1)
            {
                await Task.Delay(every, cancellationToken);
                await run.Session.RefreshAsync(cancellationToken);
            }

            var outcomes = await run.GradeAllAsync(cancellationToken);
            run.WriteReports(final: true);
            yield return view.Next(outcomes, run.Reached, run.Catalog, run.LastReport!, DateTimeOffset.Now);
        }
    }
}

/// <summary>
/// The watch view: one frame per round. A check whose verdict changed says what it was and when, and
/// stays highlighted for <see cref="Highlight"/>.
/// </summary>
internal sealed class WatchView(string student, TimeSpan every)
{
    /// <summary>How long a changed verdict stays highlighted.</summary>
    public static readonly TimeSpan Highlight = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, (Verdict Was, DateTimeOffset At)> _changes = new(StringComparer.Ordinal);
    private Dictionary<string, Verdict> _previous = new(StringComparer.Ordinal);

    /// <summary>Rounds shown so far.</summary>
    public int Round { get; private set; }

    /// <summary>Before the first round.</summary>
    public IRenderable Waiting() => new Text($"OmiStack watch: {StudentText.Clean(student, 100)}: grading (round 1)...");

    /// <summary>The frame of the next round.</summary>
    public IRenderable Next(IReadOnlyList<CheckOutcome> outcomes, IReadOnlyDictionary<string, string> reached, Harness.Lessons.LessonCatalog catalog, Reports.Model.GradeReport report, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(reached);
        ArgumentNullException.ThrowIfNull(catalog);
        Round++;
        var table = new Table().Border(TableBorder.Simple).AddColumns("check", "stage", "points", "verdict", "changed");
        foreach (var outcome in outcomes)
        {
            var id = outcome.Check.Id;
            if (_previous.TryGetValue(id, out var before) && before != outcome.Verdict)
            {
                _changes[id] = (before, at);
            }

            var change = _changes.TryGetValue(id, out var c) ? c : ((Verdict Was, DateTimeOffset At)?)null;
            var style = change is { } recent && at - recent.At < Highlight ? new Style(decoration: Decoration.Invert | Decoration.Bold) : Style.Plain;
            table.AddRow(
                new Text(id, style),
                new Text(outcome.Check.Stage),
                new Text($"{outcome.Score:0.##}/{outcome.MaxScore:0.##}"),
                new Text(Verdicts.Name(outcome.Verdict), new Style(ColourOf(outcome.Verdict))),
                new Text(change is { } shown ? $"was {Verdicts.Name(shown.Was)} until {shown.At:HH:mm:ss}" : "", style));
        }

        _previous = outcomes.ToDictionary(o => o.Check.Id, o => o.Verdict, StringComparer.Ordinal);
        var lines = new List<IRenderable>
        {
            new Text($"OmiStack watch: {StudentText.Clean(student, 100)}: round {Round} at {at:HH:mm:ss}, every {every.TotalSeconds:0} s; Ctrl-C stops (the reports stay written)"),
        };
        foreach (var lesson in catalog.Lessons.Where(l => reached.ContainsKey(l.Id)))
        {
            lines.Add(new Text($"{lesson.Title}: stage reached: {StudentText.Clean(reached[lesson.Id], 200)}"));
        }

        lines.Add(table);
        // The report's points: the rubric's lesson weights and what counts, as every other report gives them.
        var notYet = outcomes.Count(o => o.Verdict == Verdict.NotYet);
        lines.Add(new Text($"{report.Score:0.##} / {report.MaxScore:0.##} points: {outcomes.Count(o => o.Verdict == Verdict.Pass)} passed, {outcomes.Count(o => o.Verdict == Verdict.Fail)} failed, {outcomes.Count(o => o.Verdict == Verdict.Inconclusive)} inconclusive{(notYet > 0 ? $", {notYet} not yet" : "")}"));
        lines.Add(new Text(NextStep(outcomes)));
        return new Rows(lines);
    }

    /// <summary>The first failed check's hint; else the hint of the first check not yet reached (the lesson's next step); else the first check that could not be judged, and why.</summary>
    private static string NextStep(IReadOnlyList<CheckOutcome> outcomes) =>
        (outcomes.FirstOrDefault(o => o.Verdict == Verdict.Fail) ?? outcomes.FirstOrDefault(o => o.Verdict == Verdict.NotYet)) is { } next
            ? $"Next: {next.Check.Id}: {StudentText.Clean(next.Hint, 300)}"
            : outcomes.FirstOrDefault(o => o.Verdict == Verdict.Inconclusive) is { } unjudged
                ? $"Next: {unjudged.Check.Id} could not be judged: {StudentText.Clean(unjudged.Message, 300)}"
                : "Every graded check passes.";

    private static Color ColourOf(Verdict verdict) => verdict switch
    {
        Verdict.Pass => Color.Green,
        Verdict.Fail => Color.Red,
        Verdict.Inconclusive => Color.Yellow,
        _ => Color.Grey,
    };
}
