using OmiStack.Harness.Evidence;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;
using OmiStack.Reports.Model;

namespace OmiStack.Engine;

/// <summary>A run's evidence as a document (evidence.json), and as the reports show it beside each verdict.</summary>
internal static class RunEvidence
{
    private const int ShownChars = Reports.Html.HtmlReport.ShownAnswer;

    /// <summary>The document of what <paramref name="log"/> recorded so far.</summary>
    public static EvidenceDocument Document(EvidenceLog log, Target target, DateTimeOffset startedAt, DateTimeOffset now)
    {
        var targetJson = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(log.Scrub(EvidenceTarget.Of(target).ToJson().GetRawText()));
        return new EvidenceDocument
        {
            Student = target.Student,
            StartedAt = startedAt,
            WrittenAt = now,
            Harness = EvidenceDocument.BuildOf(typeof(LabSession).Assembly),
            Target = targetJson,
            Checks = log.Checks,
            Budget = log.Budget,
            Bytes = log.Bytes,
            Reads = log.Reads,
            Entries = log.Entries,
        };
    }

    /// <summary>Each check's answers, as report.html folds them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ReportEvidence>> ForReport(EvidenceDocument document, IEnumerable<string> checks) =>
        checks.Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Answers: document.For(id)))
            .Where(c => c.Answers.Count > 0)
            .ToDictionary(c => c.Id, c => (IReadOnlyList<ReportEvidence>)[.. c.Answers.Select(Shown)], StringComparer.Ordinal);

    private static ReportEvidence Shown(EvidenceEntry entry)
    {
        var answer = entry switch
        {
            { Truncated: true } => $"not kept: {entry.Bytes} bytes past the evidence bound",
            { Cancelled: true } => "no answer before the bound ran out",
            { Data: { } data } => data.GetRawText(),
            _ => "",
        };
        // Cut a little past what the page shows, so the page marks it cut.
        return new ReportEvidence(entry.At, entry.Kind, entry.Key, answer.Length > ShownChars ? answer[..(ShownChars + 1)] : answer);
    }
}
