using System.Text.Json;
using System.Text.Json.Serialization;
using OmiStack.Harness.Checks;

namespace OmiStack.Reports.Gradescope;

/// <summary>
/// Gradescope's results.json (autograder specification: top-level score, max_score, tests[] with
/// name, score, max_score, status, output; extra_data carries OmiStack's id, verdict and stage).
/// </summary>
public sealed record GradescopeResults(
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("max_score")] decimal MaxScore,
    [property: JsonPropertyName("execution_time")] double ExecutionTime,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("visibility")] string Visibility,
    [property: JsonPropertyName("tests")] IReadOnlyList<GradescopeTest> Tests)
{
    /// <summary>No earlier results.</summary>
    public static readonly GradescopeResults Empty = new(0, 0, 0, "", "visible", []);

    /// <summary>Whose results these are (Gradescope's top-level extra_data): the student id as the roster or target names it.</summary>
    [JsonPropertyName("extra_data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GradescopeRunExtra? ExtraData { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Metadata made at build time (written by every grade, read back by the next): reflection for anything else.
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(GradescopeJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>
    /// The results of a run: each check with its outcome (this run's, or an earlier run's the engine carried over for a
    /// check not judged now), else listed as not run (0 of its points), so max_score always covers the whole lesson.
    /// </summary>
    public static GradescopeResults Build(IReadOnlyList<Harness.Scoring.ScoredCheck> checks, IReadOnlyList<CheckOutcome> outcomes, CheckContextText text, TimeSpan executionTime, Model.RunNotes? notes = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(text);
        var tests = checks.Select(scored =>
        {
            var check = scored.Definition;
            return outcomes.LastOrDefault(o => o.Check.Id == check.Id) is { } outcome
                ? GradescopeTest.From(outcome, text)
                : new GradescopeTest($"{check.Id}: {text.Fill(check.Expectation)}", 0, check.Points, "failed", notes?.NotRun(check) ?? $"Not run yet: dotnet test checks --filter Stage={check.Stage}", new GradescopeExtra(check.Id, "not-run", check.Stage, null) { Lesson = check.Lesson });
        }).ToList();
        var score = tests.Sum(t => t.Score);
        var max = tests.Sum(t => t.MaxScore);
        var counts = tests.GroupBy(t => t.ExtraData.Verdict).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        return new GradescopeResults(score, max, Math.Round(executionTime.TotalSeconds, 2), $"Score {score}/{max}: {string.Join(", ", counts)}.", "visible", tests);
    }

    /// <summary>Reads an earlier results.json; null when there is none or it is not readable.</summary>
    public static GradescopeResults? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<GradescopeResults>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Top-level extra_data of results.json: the student the results belong to.</summary>
public sealed record GradescopeRunExtra([property: JsonPropertyName("student")] string Student)
{
    /// <summary>
    /// What identifies the environment graded (kind → values: "docker engine", "swarm cluster",
    /// "registry certificate"), so a roster can flag students whose targets reach the same one.
    /// </summary>
    [JsonPropertyName("environment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Environment { get; init; }

    /// <summary>What the student's own runs handed in gave: how many accepted and re-judged, and each refused with its cause.</summary>
    [JsonPropertyName("handed_in")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HandedIn { get; init; }

    /// <summary>Set when the grade was re-judged from evidence, with no lab: which evidence, recorded when.</summary>
    [JsonPropertyName("rejudged_from")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RejudgedFrom { get; init; }
}

/// <summary>One check in Gradescope's tests[].</summary>
public sealed record GradescopeTest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("max_score")] decimal MaxScore,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("extra_data")] GradescopeExtra ExtraData)
{
    /// <summary>A judged check.</summary>
    public static GradescopeTest From(CheckOutcome outcome, CheckContextText text)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(text);
        var verdict = Verdicts.Name(outcome.Verdict).Replace(' ', '-');
        return new GradescopeTest(
            $"{outcome.Check.Id}: {text.Fill(outcome.Check.Expectation)}",
            outcome.Score,
            outcome.MaxScore,
            outcome.Verdict == Verdict.Pass ? "passed" : "failed",
            Text.StudentText.Clean(outcome.Message),
            new GradescopeExtra(outcome.Check.Id, verdict, outcome.Check.Stage, outcome.FinishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            {
                Lesson = outcome.Check.Lesson,
                Override = outcome.OverrideReason is { } reason ? Text.StudentText.Clean(reason, 500) : null,
                LabStage = outcome.LabStage,
                ByGradingMachine = outcome.ByGradingMachine,
            });
    }
}

/// <summary>OmiStack's fields in extra_data.</summary>
public sealed record GradescopeExtra(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("judged_at")] string? JudgedAt)
{
    /// <summary>
    /// Whether this entry is a verdict an earlier run gave, to keep where this run does not judge the check: not a
    /// check never run, and not a "not yet" (that said only where the lab was then, and a later run knows better).
    /// </summary>
    [JsonIgnore]
    public bool IsJudged => Verdict is not ("not-run" or "not-yet");

    /// <summary>The lesson the check belongs to (the gradebook totals by it); null in files written before it was recorded.</summary>
    [JsonPropertyName("lesson")]
    public string? Lesson { get; init; }

    /// <summary>
    /// The stage the lab had reached when the check was judged (a platform's later submission keeps a verdict
    /// judged at its stage from this); absent where it could not be told, and in files written before it was recorded.
    /// </summary>
    [JsonPropertyName("lab_stage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LabStage { get; init; }

    /// <summary>True for an inconclusive verdict that only the grading machine caused (no IPVS in its own kernel).</summary>
    [JsonPropertyName("by_grading_machine")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ByGradingMachine { get; init; }

    /// <summary>The instructor's reason where an override set this check's verdict or points; absent otherwise.</summary>
    [JsonPropertyName("override")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Override { get; init; }
}

/// <summary>results.json's metadata, made at build time (see OmiStack.Harness.Evidence.HarnessJsonContext for why).</summary>
[JsonSerializable(typeof(GradescopeResults))]
internal sealed partial class GradescopeJsonContext : JsonSerializerContext;
