using System.Globalization;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Grading;

/// <summary>
/// The instructor's overrides: points per student and check, for any check (an answer that needs
/// review, a check the instructor judged by hand). YAML: <c>s123456: { questions.swarm-terms: 4 }</c>.
/// </summary>
public sealed record InstructorOverrides(IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> ByStudent)
{
    /// <summary>Files larger than this are refused.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>No overrides.</summary>
    public static readonly InstructorOverrides None = new(new Dictionary<string, IReadOnlyDictionary<string, decimal>>());

    /// <summary>The overridden points of a student's check, if any.</summary>
    public decimal? For(string student, string checkId) =>
        ByStudent.TryGetValue(student, out var checks) && checks.TryGetValue(checkId, out var points) ? points : null;

    /// <summary>
    /// The outcome as the instructor set it: full points pass, fewer fail, both saying they were
    /// reviewed and what the check had found; unchanged where there is no override.
    /// </summary>
    public CheckOutcome Apply(string student, CheckOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (For(student, outcome.Check.Id) is not { } points)
        {
            return outcome;
        }

        var score = Math.Clamp(points, 0, outcome.MaxScore);
        return outcome with
        {
            Verdict = score == outcome.MaxScore ? Verdict.Pass : Verdict.Fail,
            Score = score,
            Message = $"Reviewed by the instructor: {score.ToString("0.##", CultureInfo.InvariantCulture)} of {outcome.MaxScore.ToString("0.##", CultureInfo.InvariantCulture)} points (judged: {outcome.Message.TrimEnd().TrimEnd('.')}).",
        };
    }

    /// <summary>Reads an override file; a bad one is one error naming the file and line.</summary>
    public static InstructorOverrides Load(string path)
    {
        var text = YamlText.ReadFile(path, "Override file", MaxBytes, (message, inner) => new RubricException(message, inner));
        var map = YamlText.Deserialize<Dictionary<string, Dictionary<string, decimal>>>(text, Path.GetFileName(path), (message, inner) => new RubricException(message, inner), camelCase: false) ?? [];
        return new InstructorOverrides(map.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, decimal>)kv.Value));
    }
}
