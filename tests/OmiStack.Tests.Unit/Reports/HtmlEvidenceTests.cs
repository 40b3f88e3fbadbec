using FluentAssertions;
using OmiStack.Reports.Html;
using OmiStack.Reports.Model;
using Snapshooter.NUnit;

namespace OmiStack.Tests.Unit.Reports;

/// <summary>report.html folds the evidence behind each verdict: what was asked, when, and the start of the answer.</summary>
public sealed class HtmlEvidenceTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 15, 58, 2, 613, TimeSpan.Zero);

    private static GradeReport WithEvidence()
    {
        var report = ReportScenarios.Build("mixed").Report;
        var failing = report.Checks.First(c => c.Verdict == "fail").Id;
        return report with
        {
            Evidence = new Dictionary<string, IReadOnlyList<ReportEvidence>>
            {
                [failing] =
                [
                    new ReportEvidence(At, "docker", "dockernode1 GET /v1.41/services", "[{\"Spec\":{\"Name\":\"<script>alert(1)</script>\"}}]"),
                    new ReportEvidence(At.AddMilliseconds(40), "http", "GET http://127.0.0.1:8080/", new string('a', HtmlReport.ShownAnswer + 1)),
                ],
            },
        };
    }

    [Test]
    public void The_evidence_section_is_pinned() =>
        Snapshot.Match(HtmlReport.Render(WithEvidence()));

    [Test]
    public void Each_check_with_evidence_gets_a_folded_list_its_answers_encoded_and_cut()
    {
        var html = HtmlReport.Render(WithEvidence());

        html.Should().Contain("<h2>Evidence</h2>").And.Contain(": 2 answers</summary>");
        html.Should().NotContain("<script>alert(1)</script>", "what the lab answered is the student's data, encoded");
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.Should().NotContain(new string('a', HtmlReport.ShownAnswer + 1), "an answer is shown up to its bound");
    }

    [Test]
    public void A_report_without_evidence_has_no_evidence_section() =>
        HtmlReport.Render(ReportScenarios.Build("mixed").Report).Should().NotContain("<h2>Evidence</h2>");
}
