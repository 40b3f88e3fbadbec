using OmiStack.Harness.Checks;
using OmiStack.Reports.Docs;

namespace OmiStack.Tests.Shared;

// Linked into the unit and the integration suites.
/// <summary>
/// What the tests' fault scenarios produce, check by check, for the check pages (docs/checks/): where
/// OMISTACK_FAILURE_LEDGER names a folder, every outcome a scenario names (its verdict asserted) is written there, one JSON
/// line each, with the exact message and hint a student sees and the scenario's test name. Off otherwise.
/// `omistack docs --ledger FOLDER` folds the lines into docs/checks/failures.json.
/// </summary>
internal static class FailureLedger
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("OMISTACK_FAILURE_LEDGER");
    private static readonly Lock Writing = new();

    /// <summary>Records what a rule test's judgement of <paramref name="check"/> tells a student (the message the run makes of it).</summary>
    public static void Record(CheckDefinition check, Judgement judgement, CheckContextText text)
    {
        var outcome = CheckOutcome.From(check, judgement, text, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
        Record(new Dictionary<string, CheckOutcome> { [check.Id] = outcome }, [check.Id]);
    }

    /// <summary>Records the outcomes a scenario named, as the student sees them (the run's own message and hint).</summary>
    public static void Record(IReadOnlyDictionary<string, CheckOutcome> outcomes, IEnumerable<string> named)
    {
        if (string.IsNullOrEmpty(Folder))
        {
            return;
        }

        var suite = typeof(FailureLedger).Assembly.GetName().Name!.Replace("OmiStack.Tests.", "", StringComparison.Ordinal).ToLowerInvariant();
        var test = TestContext.CurrentContext.Test;
        var scenario = test.MethodName is { } method ? method.Replace('_', ' ') : test.Name;
        var lines = named.Distinct(StringComparer.Ordinal)
            .Where(outcomes.ContainsKey)
            .Select(id => outcomes[id])
            .Where(o => o.Verdict != Verdict.Pass)
            .Select(o => FailureBook.LedgerLine(new FailureRecord(o.Check.Id, Verdicts.Name(o.Verdict), o.Message, o.Hint, scenario, $"{test.ClassName}.{test.MethodName}", suite)))
            .ToList();
        lock (Writing)
        {
            Directory.CreateDirectory(Folder);
            File.AppendAllLines(Path.Combine(Folder, $"{suite}-{Environment.ProcessId}.jsonl"), lines);
        }
    }
}
