using OmiStack.Reports.Gradescope;

namespace OmiStack.Tests.Integration.Evidence;

/// <summary>What must be the same in a live grade and a re-judge of its evidence: each check's verdict, points and message (not its timing).</summary>
internal static class RejudgeComparison
{
    /// <summary>The checks of a results.json, by name.</summary>
    public static List<(string Name, string Verdict, decimal Score, decimal MaxScore, string Output)> Of(GradescopeResults results) =>
        [.. results.Tests.Select(t => (t.Name, t.ExtraData.Verdict, t.Score, t.MaxScore, t.Output)).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Each check whose verdict, points or message differ, live and re-judged side by side.</summary>
    public static List<string> Differences(GradescopeResults live, GradescopeResults rejudged)
    {
        var (before, after) = (Of(live), Of(rejudged));
        return
        [
            .. before.Where(l => !after.Contains(l)).Select(l => $"{l.Name}\n  live:      {l}\n  re-judged: {after.FirstOrDefault(r => r.Name == l.Name)}"),
            .. after.Where(r => before.All(l => l.Name != r.Name)).Select(r => $"{r.Name}: only re-judged"),
        ];
    }
}
