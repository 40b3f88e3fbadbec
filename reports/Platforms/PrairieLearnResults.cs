using System.Text.Json;
using System.Text.Json.Serialization;
using OmiStack.Reports.Gradescope;
using OmiStack.Reports.Text;

namespace OmiStack.Reports.Platforms;

/// <summary>
/// PrairieLearn's external grader results (/grade/results/results.json): gradable, score in [0, 1],
/// message, output and tests[{name, description, points, max_points, message, output}]. A submission
/// that cannot be graded (a target that cannot be read) is gradable: false with its format_errors:
/// no points lost, no attempt used. PrairieLearn refuses a file over 1 MB, so texts are cut.
/// </summary>
public sealed record PrairieLearnResults(
    [property: JsonPropertyName("gradable")] bool Gradable,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("tests")] IReadOnlyList<PrairieLearnTest> Tests)
{
    /// <summary>Why the submission could not be graded (gradable: false).</summary>
    [JsonPropertyName("format_errors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FormatErrors { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>From a student's results: each check a test, the score as the fraction of points earned.</summary>
    public static PrairieLearnResults From(GradescopeResults results, string output)
    {
        ArgumentNullException.ThrowIfNull(results);
        var tests = results.Tests.Select(t => new PrairieLearnTest(
            StudentText.Clean(t.Name, 300),
            t.ExtraData.Verdict,
            (double)t.Score,
            (double)t.MaxScore,
            StudentText.Clean(t.Output, 2000),
            "")).ToList();
        var score = results.MaxScore == 0 ? 0 : Math.Clamp((double)(results.Score / results.MaxScore), 0, 1);
        return new PrairieLearnResults(true, Math.Round(score, 4), StudentText.Clean(results.Output, 2000), StudentText.Clean(output, 200_000), tests);
    }

    /// <summary>A submission that cannot be graded: no score, the cause said.</summary>
    public static PrairieLearnResults NotGradable(string cause) =>
        new(false, 0, StudentText.Clean(cause, 2000), "", []) { FormatErrors = [StudentText.Clean(cause, 2000)] };

    /// <summary>The file's text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";
}

/// <summary>One check in PrairieLearn's results.</summary>
public sealed record PrairieLearnTest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("points")] double Points,
    [property: JsonPropertyName("max_points")] double MaxPoints,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("output")] string Output);
