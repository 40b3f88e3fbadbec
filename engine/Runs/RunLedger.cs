using System.Collections.Concurrent;
using OmiStack.Harness.Checks;

namespace OmiStack.Engine.Runs;

/// <summary>
/// What a student's run has found so far: the latest outcome per check in the order first judged (a run that grades
/// again, a watch round or a re-judge of an embedded lab's epochs, keeps one outcome per check), the checks the lab is
/// past, the stage each lesson's lab had reached, why the run was cut short, and the lines its reports add.
/// </summary>
internal sealed class RunLedger
{
    private readonly ConcurrentDictionary<string, (long Order, CheckOutcome Outcome)> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _pastStage = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _reached = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _interruptions = new();
    private readonly ConcurrentQueue<string> _notes = new();
    private long _judged;

    /// <summary>Outcomes judged so far, in the order first judged.</summary>
    public IReadOnlyList<CheckOutcome> Outcomes => [.. _outcomes.Values.OrderBy(o => o.Order).Select(o => o.Outcome)];

    /// <summary>Per check the lab is past, what the run said (the reports' "past stage" notes).</summary>
    public IReadOnlyDictionary<string, string> PastStage => new Dictionary<string, string>(_pastStage, StringComparer.Ordinal);

    /// <summary>Per lesson id, the stage its lab has reached and how that was told, as last seen.</summary>
    public IReadOnlyDictionary<string, string> Reached => new Dictionary<string, string>(_reached, StringComparer.Ordinal);

    /// <summary>Why the run is incomplete so far.</summary>
    public IReadOnlyList<string> Interruptions => [.. _interruptions];

    /// <summary>What every report says about how the grade was taken, beside the run's own warnings.</summary>
    public IReadOnlyList<string> Notes => [.. _notes];

    /// <summary>
    /// Records a check's final outcome: a check the lab is past is not recorded as judged (it keeps the verdict of the
    /// run at its stage; the note says why), any other replaces the check's earlier outcome of this run.
    /// </summary>
    public void Judged(CheckOutcome outcome)
    {
        var id = outcome.Check.Id;
        if (outcome.Verdict == Verdict.PastStage)
        {
            _pastStage[id] = outcome.Message;
            return;
        }

        var order = Interlocked.Increment(ref _judged);
        _outcomes.AddOrUpdate(id, (order, outcome), (_, earlier) => (earlier.Order, outcome));
        _pastStage.TryRemove(id, out _);
    }

    /// <summary>Notes the stage a lesson's lab has reached.</summary>
    public void Reach(string lesson, string stage) => _reached[lesson] = stage;

    /// <summary>Notes that the run was cut short, and why (once per reason).</summary>
    public void Interrupt(string reason)
    {
        if (!_interruptions.Contains(reason))
        {
            _interruptions.Enqueue(reason);
        }
    }

    /// <summary>Adds a line every report says.</summary>
    public void Note(string line) => _notes.Enqueue(line);
}
