using System.Globalization;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Scoring;

/// <summary>One override: the points, or the verdict, the instructor sets for a student's check, and why.</summary>
public sealed record InstructorOverride(decimal? Points, Verdict? Verdict, string? Reason);

/// <summary>
/// The instructor's overrides, for any check (an answer that needs review, a check judged by hand,
/// a check found too strict after the lab). YAML, per student and check id, the points alone or a
/// mapping with points and/or verdict (pass or fail) and a reason:
/// <code>
/// s123456:
///   questions.swarm-terms: 4
///   registry.tls: { verdict: pass, reason: "certificate checked by hand: the CA was the course's" }
///   stack.services: { points: 3, reason: "web at 1/2 because of the lab's outage on 2026-11-20" }
/// </code>
/// An overridden check says so in the student's reports, with the reason and what the check had
/// found; results.json records the reason, and the gradebook flags the student.
/// </summary>
public sealed record InstructorOverrides(IReadOnlyDictionary<string, IReadOnlyDictionary<string, InstructorOverride>> ByStudent)
{
    /// <summary>Files larger than this are refused.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>No overrides.</summary>
    public static readonly InstructorOverrides None = new(new Dictionary<string, IReadOnlyDictionary<string, InstructorOverride>>());

    /// <summary>The override of a student's check, if any.</summary>
    public InstructorOverride? For(string student, string checkId) =>
        ByStudent.TryGetValue(student, out var checks) && checks.TryGetValue(checkId, out var given) ? given : null;

    /// <summary>The outcome as the instructor set it for <paramref name="student"/> (<see cref="Outcomes.Overridden"/>); unchanged without an override.</summary>
    public CheckOutcome Apply(string student, CheckOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Outcomes.Overridden(outcome, For(student, outcome.Check.Id));
    }

    /// <summary>Reads an override file; a bad one is one error naming the file and line.</summary>
    public static InstructorOverrides Load(string path)
    {
        var text = YamlText.ReadFile(path, "Override file", MaxBytes, (message, inner) => new RubricException(message, inner));
        var name = Path.GetFileName(path);
        var students = new Dictionary<string, IReadOnlyDictionary<string, InstructorOverride>>(StringComparer.Ordinal);
        if (YamlText.RootMapping(text, name, (message, inner) => new RubricException(message, inner)) is not { } root)
        {
            return new InstructorOverrides(students);
        }

        foreach (var (studentNode, checksNode) in root.Children)
        {
            var student = (studentNode as YamlScalarNode)?.Value ?? throw Error(name, studentNode, "a student id must be a text");
            if (checksNode is not YamlMappingNode checks)
            {
                throw Error(name, checksNode, $"the overrides of {student} must be a mapping of check ids (check id: points, or {{ points, verdict, reason }})");
            }

            var overrides = new Dictionary<string, InstructorOverride>(StringComparer.Ordinal);
            foreach (var (checkNode, value) in checks.Children)
            {
                var check = (checkNode as YamlScalarNode)?.Value ?? throw Error(name, checkNode, "a check id must be a text");
                overrides[check] = value switch
                {
                    YamlScalarNode scalar => new InstructorOverride(Points(name, scalar, check), null, null),
                    YamlMappingNode mapping => Entry(name, mapping, check),
                    _ => throw Error(name, value, $"{student}.{check} must be points or a mapping with points, verdict and reason"),
                };
            }

            students[student] = overrides;
        }

        return new InstructorOverrides(students);
    }

    private static InstructorOverride Entry(string file, YamlMappingNode mapping, string check)
    {
        decimal? points = null;
        Verdict? verdict = null;
        string? reason = null;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            var scalar = value as YamlScalarNode ?? throw Error(file, value, $"{check}.{key} must be a single value");
            switch (key)
            {
                case "points":
                    points = Points(file, scalar, check);
                    break;
                case "verdict":
                    verdict = scalar.Value switch
                    {
                        "pass" => Verdict.Pass,
                        "fail" => Verdict.Fail,
                        _ => throw Error(file, scalar, $"{check}.verdict must be pass or fail, not '{scalar.Value}'"),
                    };
                    break;
                case "reason":
                    reason = scalar.Value;
                    break;
                default:
                    throw Error(file, keyNode, $"unknown key '{key}' in the override of {check} (known: points, verdict, reason)");
            }
        }

        return points is null && verdict is null
            ? throw Error(file, mapping, $"the override of {check} needs points or a verdict")
            : new InstructorOverride(points, verdict, reason);
    }

    private static decimal Points(string file, YamlScalarNode scalar, string check) =>
        decimal.TryParse(scalar.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var points) && points >= 0
            ? points
            : throw Error(file, scalar, $"the points of {check} must be a number ≥ 0, not '{scalar.Value}'");

    private static RubricException Error(string file, YamlNode node, string what) => new($"{file} line {node.Start.Line}: {what}.");
}
