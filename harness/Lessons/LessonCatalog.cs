using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Lessons;

/// <summary>
/// The lessons a grading run knows, from one registry list (never from id prefixes): every check by
/// id, the lesson each belongs to, and the texts they name for a target.
/// </summary>
public sealed class LessonCatalog
{
    private readonly Dictionary<string, (ILesson Lesson, Check Check)> _byId;
    private readonly IReadOnlySet<string> _leftOut;

    /// <summary>The checks of <paramref name="lessons"/>, every one of them run.</summary>
    public LessonCatalog(IReadOnlyList<ILesson> lessons)
        : this(lessons, new HashSet<string>(StringComparer.Ordinal))
    {
    }

    private LessonCatalog(IReadOnlyList<ILesson> lessons, IReadOnlySet<string> leftOut)
    {
        _leftOut = leftOut;
        ArgumentNullException.ThrowIfNull(lessons);
        Lessons = lessons;
        _byId = new(StringComparer.Ordinal);
        foreach (var duplicate in lessons.GroupBy(l => l.Id).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"Two lessons have the id '{duplicate.Key}'.", nameof(lessons));
        }

        foreach (var lesson in lessons)
        {
            foreach (var check in lesson.Checks)
            {
                if (check.Definition.Lesson != lesson.Id)
                {
                    throw new ArgumentException($"Check '{check.Id}' says it belongs to '{check.Definition.Lesson}' but is listed by lesson '{lesson.Id}'.", nameof(lessons));
                }

                if (!lesson.Stages.Contains(check.Definition.Stage, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"Check '{check.Id}' has stage '{check.Definition.Stage}', which lesson '{lesson.Id}' does not list ({string.Join(", ", lesson.Stages)}).", nameof(lessons));
                }

                if (!_byId.TryAdd(check.Id, (lesson, check)))
                {
                    throw new ArgumentException($"Check id '{check.Id}' is defined twice (lessons '{_byId[check.Id].Lesson.Id}' and '{lesson.Id}').", nameof(lessons));
                }
            }
        }
    }

    /// <summary>The lessons, in the registry's order.</summary>
    public IReadOnlyList<ILesson> Lessons { get; }

    /// <summary>Every check of every lesson the run has, lesson by lesson (an opt-in check whose switch is off is not one).</summary>
    public IReadOnlyList<Check> Checks => [.. Lessons.SelectMany(ChecksOf)];

    /// <summary>Every check any run may have, opt-in checks included (what a rubric may name).</summary>
    public IReadOnlyList<Check> Known => [.. Lessons.SelectMany(l => l.Checks)];

    /// <summary>A lesson's checks in this run, in the lesson's order.</summary>
    public IReadOnlyList<Check> ChecksOf(ILesson lesson)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        return [.. lesson.Checks.Where(c => !_leftOut.Contains(c.Id))];
    }

    /// <summary>A check by id (an opt-in check left out of this run included: <see cref="LeftOut"/> tells).</summary>
    public Check Check(string id) =>
        _byId.TryGetValue(id, out var entry) ? entry.Check : throw new KeyNotFoundException($"No check '{id}'.");

    /// <summary>The opt-in check of that id this run leaves out (its switch is off), or null.</summary>
    public Check? LeftOut(string id) => _leftOut.Contains(id) ? Check(id) : null;

    /// <summary>This catalog for a run with <paramref name="options"/>: the opt-in checks whose switch is off left out.</summary>
    public LessonCatalog For(Gathering.GradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Lessons, Known.Where(c => c.OptIn is { } optIn && !optIn.IsOn(options)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The lesson a check belongs to.</summary>
    public ILesson LessonOf(string checkId) =>
        _byId.TryGetValue(checkId, out var entry) ? entry.Lesson : throw new KeyNotFoundException($"No check '{checkId}'.");

    /// <summary>A lesson by id.</summary>
    public ILesson Lesson(string id) =>
        Lessons.FirstOrDefault(l => l.Id == id) ?? throw new KeyNotFoundException($"No lesson '{id}'.");

    /// <summary>The values every lesson's check texts name, from the target.</summary>
    public CheckContextText TextFor(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var lesson in Lessons)
        {
            foreach (var (name, value) in lesson.TextValues(target))
            {
                values[name] = value;
            }
        }

        return new CheckContextText(values);
    }

    /// <summary>Every top-level target key a lesson reads, and the sections lessons declare (for the target loader).</summary>
    public TargetShape TargetKeys => new(Lessons.SelectMany(l => l.TargetKeys), Lessons.SelectMany(l => l.SectionSchemas));

    /// <summary>
    /// The secrets of <paramref name="target"/> no file the run writes may hold: every declared section's secret
    /// values, and the values of the variables the lessons name for them.
    /// </summary>
    public IEnumerable<string> SecretsOf(Target target, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(environment);
        var shape = TargetKeys;
        return target.Sections.Values.SelectMany(s => s.SecretValues.Values)
            .Concat(shape.Variables.Select(environment).OfType<string>())
            .Where(s => s.Length > 0);
    }

    /// <summary>This catalog with one more lesson (a course's own lesson, a test's).</summary>
    public LessonCatalog With(ILesson lesson) => new([.. Lessons, lesson], _leftOut);
}
