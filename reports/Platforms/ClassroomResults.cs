using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Platforms;

/// <summary>
/// GitHub Classroom's runner result, as classroom-resources/autograding-grading-reporter reads it from
/// a step's `result` output: base64 of {version: 1, status, max_score, tests[{name, status, score,
/// message, test_code, filename, line_no, duration}]}. The reporter sums tests[].score against
/// max_score for Classroom, so each check's points show; it fails the job when status is fail or error.
/// </summary>
public sealed record ClassroomResults(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("max_score")] decimal MaxScore,
    [property: JsonPropertyName("tests")] IReadOnlyList<ClassroomTest> Tests)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// From a student's results. A check passes, fails, or (inconclusive, not run) is an error; the run
    /// is pass when every check passed, error when none could be judged (so a run that judged nothing
    /// never passes), else fail.
    /// </summary>
    public static ClassroomResults From(GradescopeResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var tests = results.Tests.Select(t => new ClassroomTest(
            StudentText.Clean(t.Name, 300),
            t.ExtraData.Verdict switch { "pass" => "pass", "fail" => "fail", _ => "error" },
            t.Score,
            StudentText.Clean(t.Output, 2000),
            $"dotnet test checks --filter Id={t.ExtraData.Id}",
            "",
            0,
            0)).ToList();
        var status = tests.Count > 0 && tests.All(t => t.Status == "pass") ? "pass"
            : tests.All(t => t.Status == "error") ? "error"
            : "fail";
        return new ClassroomResults(1, status, results.MaxScore, tests);
    }

    /// <summary>A run that could not start: an error with the cause, no points.</summary>
    public static ClassroomResults NotStarted(string cause) =>
        new(1, "error", 0, [new ClassroomTest("OmiStack", "error", 0, StudentText.Clean(cause, 2000), "dotnet test checks", "", 0, 0)]);

    /// <summary>The JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The step output's value: base64 of the JSON (UTF-8).</summary>
    public string ToBase64() => Convert.ToBase64String(Encoding.UTF8.GetBytes(ToJson()));
}

/// <summary>One check in Classroom's runner result.</summary>
public sealed record ClassroomTest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("test_code")] string TestCode,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("line_no")] int LineNo,
    [property: JsonPropertyName("duration")] long Duration);
