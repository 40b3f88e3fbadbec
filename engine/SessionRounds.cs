using System.Globalization;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Gradebook;

namespace OmiStack.Engine;

/// <summary>How the rounds of a lab session run: every so often until a stop time, bounded in count, so many students at a time.</summary>
public sealed record RoundsOptions
{
    /// <summary>Time from one round's start to the next's.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No round starts after this (the end of the lab session).</summary>
    public DateTimeOffset Until { get; init; }

    /// <summary>At most this many rounds in this command (a bound however long the session).</summary>
    public int MaxRounds { get; init; } = 200;

    /// <summary>Students graded at once (a roster run's default).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>The class view flags a student with no progress for this long.</summary>
    public TimeSpan StalledAfter { get; init; } = ClassView.DefaultStalledAfter;

    /// <summary>The last round (at the stop time) is final: the deadline run, which fails what is missing.</summary>
    public bool FinalAtEnd { get; init; }

    /// <summary>"5m", "90s", "2h", "1.5m" or a TimeSpan ("00:05:00"), within the bounds; null otherwise.</summary>
    public static TimeSpan? Duration(string text, TimeSpan min, TimeSpan max)
    {
        text = text.Trim();
        TimeSpan? value = text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n is >= 0 and < 1e6
            ? text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => null }
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        return value is { } v && v >= min && v <= max ? v : null;
    }

    /// <summary>"HH:mm" as today at that time here, or an ISO 8601 time; null where it is neither.</summary>
    public static DateTimeOffset? End(string text, DateTimeOffset now)
    {
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var local = now.ToLocalTime();
            return new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(time), local.Offset);
        }

        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at) ? at : null;
    }
}

/// <summary>
/// The rounds of a lab session: the whole roster graded every few minutes until a stop time, each student
/// judged at the stage their lab is in (a round is not final: later stages are "not yet"), each check's
/// verdict at its stage kept in the student's stages.json, the round added to rounds.json, and gradebook.html
/// rewritten as the class view. A round reads what earlier rounds (or a crashed run of this command) recorded
/// and numbers itself after them: resuming loses nothing already recorded.
/// </summary>
public sealed class SessionRounds(GradingSetup setup, IReadOnlyList<RosterEntry> roster, RoundsOptions options, TextWriter progress)
{
    private readonly TimeProvider _time = setup.Options.Time;

    private ClassSession? _session;

    /// <summary>The session as recorded so far (rounds.json, read at the first use: a resumed command goes on from it).</summary>
    public ClassSession Session => _session ??= ClassSession.Read(setup.ResultsRoot);

    /// <summary>Runs the rounds until the stop time, the bound or cancellation (the round under way is finished and written first); returns how many ran.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var ran = 0;
        while (ran < options.MaxRounds && !cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetUtcNow();
            if (started > options.Until && !(options.FinalAtEnd && Session.Last is { Final: false }))
            {
                break;
            }

            var next = started + options.Every;
            var last = ran + 1 == options.MaxRounds || next > options.Until;
            var round = await RoundAsync(options.FinalAtEnd && last, last ? null : next, cancellationToken).ConfigureAwait(false);
            ran++;
            await progress.WriteLineAsync(Line(round, started)).ConfigureAwait(false);
            if (last)
            {
                break;
            }

            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        if (Session.NextAt is not null)
        {
            // Stopped before the planned end (cancelled, the bound): the page stops reloading.
            _session = Session with { NextAt = null };
            Session.Write(setup.ResultsRoot);
            WriteGradebook();
        }

        return ran;
    }

    /// <summary>
    /// One round, numbered after those recorded: graded, added to rounds.json, and the class view rewritten
    /// (reloading itself until <paramref name="nextAt"/>; null: the rounds end with this one).
    /// </summary>
    public async Task<SessionRound> RoundAsync(bool final, DateTimeOffset? nextAt, CancellationToken cancellationToken = default)
    {
        var round = await GradeRoundAsync((Session.Last?.Number ?? 0) + 1, final, cancellationToken).ConfigureAwait(false);
        _session = Session.With(round, nextAt);
        Session.Write(setup.ResultsRoot);
        WriteGradebook();
        return round;
    }

    /// <summary>One round: every student at most <see cref="RoundsOptions.Concurrency"/> at a time, each within the run's deadline.</summary>
    private async Task<SessionRound> GradeRoundAsync(int number, bool final, CancellationToken cancellationToken)
    {
        var roundSetup = setup.ForRoster() with { Final = final, RunLabel = final ? $"round {number} (final)" : $"round {number} of the lab session" };
        var checks = roundSetup.Catalog.Checks.Select(c => c.Id).ToList();
        var at = _time.GetUtcNow();
        using var gate = new SemaphoreSlim(options.Concurrency);
        var students = await Task.WhenAll(roster.Select(async entry =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (entry.Student, Round: await GradeStudentAsync(entry, roundSetup, checks, cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return new SessionRound(number, at, final, checks, students.ToDictionary(s => s.Student, s => s.Round, StringComparer.Ordinal));
    }

    private async Task<StudentRound> GradeStudentAsync(RosterEntry entry, GradingSetup roundSetup, IReadOnlyList<string> checks, CancellationToken cancellationToken)
    {
        await using var run = StudentRuns.ForRosterEntry(entry, roundSetup);
        // A student's round ends by the next round at the latest (and by the run's own deadline).
        var bound = roundSetup.Options.RunTimeout < options.Every ? roundSetup.Options.RunTimeout : options.Every;
        using var deadline = new CancellationTokenSource(bound, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            if (roundSetup.Final)
            {
                await run.AcceptHandedInAsync(either.Token).ConfigureAwait(false);
            }

            await run.GradeAllAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            run.Interrupt($"the round's deadline of {bound:hh\\:mm\\:ss} passed");
        }

        run.WriteReports(final: true);
        var report = run.LastReport!;
        var verdicts = checks.Select(id => report.Checks.FirstOrDefault(c => c.Id == id)?.Verdict.Replace(' ', '-') ?? "not-run").ToList();
        var stage = run.Reached.Count == 0 ? "unknown (the lab could not be read)" : string.Join("; ", run.Reached.Select(r => $"{r.Key}: {r.Value}"));
        return new StudentRound(stage, report.Score, report.MaxScore, verdicts);
    }

    private void WriteGradebook()
    {
        var students = roster.Select(e => e.Student).ToHashSet(StringComparer.Ordinal);
        var rows = GradebookWriter.Collect([setup.ResultsRoot]).Where(r => students.Contains(r.Student)).ToList();
        GradebookWriter.Write(setup.ResultsRoot, rows, null, Session, options.StalledAfter);
    }

    private string Line(SessionRound round, DateTimeOffset started)
    {
        var session = Session;
        var took = _time.GetUtcNow() - started;
        var stages = round.Students.Values.GroupBy(s => s.Stage.Split(" (")[0]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} at {g.Key}");
        var changed = round.Students.Keys.Count(s => session.ChangedSinceLastRound(s).Count > 0);
        var next = session.NextAt is { } at ? $"; next at {at.UtcDateTime:HH:mm:ss} UTC" : "; the last round";
        return $"omistack: round {round.Number}{(round.Final ? " (final)" : "")} at {round.At.UtcDateTime:HH:mm:ss} UTC: {Students(round.Students.Count)} in {took.TotalSeconds:0.0} s; {string.Join(", ", stages)}; {changed} changed since the last round{next}";
    }

    /// <summary>"1 student", "40 students".</summary>
    public static string Students(int count) => count == 1 ? "1 student" : $"{count} students";
}
